"""A NIK in a delivered file's name, or a person's name typed in capitals into a roster's free-text
column, reaches neither the CLI's output, the batch record, the archive's file names, nor the facts."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

from warehouse.db import get_engine

NIK = "1505042208786391"
NIK_ANYWHERE = re.compile(r"[^\w]{0,3}".join(NIK))
HEADER = "No;NIK;Nama;Desa/Kelurahan;Kabupaten/Kota;Segmen;Program;Tanggal Mulai;Sumber Dana"


def test_nik_in_file_name_and_name_in_capitals_stay_out(tmp_path: Path, sqlite_url: str,
                                                        isolated_settings: Path) -> None:
    delivered = tmp_path / f"daftar peserta {NIK[:4]}.{NIK[4:8]}.{NIK[8:12]}.{NIK[12:]} 2024-06.csv"
    delivered.write_text("DAFTAR PESERTA BULAN JUNI 2024\n" + HEADER + "\n"
                         "1;1505014101900001;Siti Aminah;SITI  AMINAH RT 02;Muaro Jambi;BPU;JKK-JKM;01/01/2024;"
                         "APBD Provinsi\n"
                         "2;1505014101900002;Budi Santoso;Desa Pudak;Muaro Jambi;BPU;JKK-JKM;01/01/2024;APBD Provinsi\n",
                         encoding="utf-8")
    done = subprocess.run([str(Path(sys.executable).parent / "pantau"), "coverage", "ingest", str(delivered),
                           "--format", "json"], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "nik-redacted" in done.stdout and not NIK_ANYWHERE.search(done.stdout + done.stderr)
    with get_engine(sqlite_url).connect() as conn:
        file_names = [r[0] for r in conn.execute(sa.text("SELECT file_name FROM audit_ingest_batch"))]
        archived = [r[0] for r in conn.execute(sa.text("SELECT archive_path FROM audit_ingest_batch"))]
        villages = [r[0] for r in conn.execute(sa.text("SELECT village FROM fact_roster_participant ORDER BY 1"))]
    assert file_names == ["daftar peserta nik-redacted 2024-06.csv"]
    assert all("nik-redacted" in p and not NIK_ANYWHERE.search(p) for p in archived)
    assert not [p for p in isolated_settings.rglob("*") if NIK_ANYWHERE.search(p.name)]
    assert villages == ["<redacted> RT 02", "Desa Pudak"]
