"""A second government from configuration: Kabupaten Penajam Paser Utara's pipeline, end to end.

One deployment serves one government, read once per process: the pipeline runs here as a deployment
runs it, through the ``pantau`` command line in processes of their own with PANTAU_GOVERNMENT_FILE
naming the bundled ``ppu.yaml``. Sample exports are generated for its districts, ingested, and its
report built; the report speaks of its regions and names, never of Jambi.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

REPO = Path(__file__).resolve().parents[2]
PANTAU = Path(sys.executable).with_name("pantau")
DISTRICTS = ("Babulu", "Waru", "Penajam", "Sepaku")


def _pantau(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(PANTAU), *args], capture_output=True, text=True, timeout=900, cwd=REPO, env=env)
    assert done.returncode == 0, f"pantau {' '.join(args)} exited {done.returncode}:\n{done.stdout}\n{done.stderr}"
    return done


def _visible_text(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S))


@pytest.mark.slow
def test_penajam_paser_utara_runs_end_to_end_and_its_report_never_says_jambi(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PANTAU_")}
    env |= {"PANTAU_GOVERNMENT_FILE": "ppu", "PANTAU_DATA_DIR": str(tmp_path / "data"),
            "PANTAU_WAREHOUSE_URL": f"sqlite:///{tmp_path / 'warehouse.sqlite'}",
            "PANTAU_PSEUDONYM_KEY": os.environ.get("PANTAU_PSEUDONYM_KEY") or "k" * 64}
    exports = tmp_path / "exports"
    _pantau("sample", "coverage", "--out", str(exports), env=env)
    written = {p.name for p in exports.iterdir()}
    assert written >= {"rekap-kepesertaan-2024-06.csv", "daftar-peserta-pekerja_rentan_ppu-2024-06.csv"}
    june = (exports / "rekap-kepesertaan-2024-06.csv").read_text(encoding="cp1252")
    assert "KABUPATEN PENAJAM PASER UTARA" in june and "Jambi" not in june

    _pantau("warehouse", "upgrade", env=env)
    ingested = json.loads(_pantau("coverage", "ingest", *sorted(map(str, exports.iterdir())), "--format", "json",
                                  env=env).stdout)
    batches = ingested if isinstance(ingested, list) else ingested.get("batches", [])
    assert batches and all(b["status"] == "published" for b in batches), batches

    _pantau("report", "build", "--period", "2024-06", env=env)
    reports = tmp_path / "data" / "reports"
    report = _visible_text((reports / "2024-06" / "pantau-2024-06.html").read_text(encoding="utf-8"))
    assert "Kabupaten Penajam Paser Utara" in report
    assert "Pemerintah Kabupaten Penajam Paser Utara membiayai" in report
    assert "Pekerja Rentan PPU" in report
    for district in DISTRICTS:
        assert district in report, district
    pages = [reports / "index.html", *sorted(reports.glob("**/*.html"))]
    for page in pages:
        assert "Jambi" not in page.read_text(encoding="utf-8"), page
    regional = " ".join(_visible_text(p.read_text(encoding="utf-8")) for p in pages if p.parent.name != "2024-06")
    for district in DISTRICTS:
        assert district in regional, district

    workbook = load_workbook(reports / "2024-06" / "pantau-2024-06.xlsx", read_only=True)
    cells = " ".join(str(c) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)
                     for c in row if c is not None)
    assert "Kabupaten Penajam Paser Utara" in cells and "Sepaku" in cells
    assert "Jambi" not in cells
