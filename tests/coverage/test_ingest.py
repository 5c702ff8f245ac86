"""The ingest service end to end on SQLite and PostgreSQL: publish, replace, recognise, trace."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from pantau.ingest import ingest_file
from tests.conftest import SAMPLE_DIR
from transforms.dates import Period
from transforms.numbers import parse_int
from warehouse.db import get_engine, session_scope
from warehouse.reporting import coverage_by_region, lineage

SAMPLES = SAMPLE_DIR / "coverage"


def _scalar(url: str, sql: str) -> object:
    with get_engine(url).connect() as conn:
        return conn.execute(sa.text(sql)).scalar()


def test_month_is_published_traced_and_reported(warehouse_url: str, isolated_settings: Path) -> None:
    for name in ("rekap-kepesertaan-2024-05.csv", "klaim-jkk-jkm-2024-05.csv", "daftar-peserta-bkbk-2024-05.csv"):
        result = ingest_file(SAMPLES / name, expected_period=Period(2024, 5))
        assert result.status == "published", result
    with session_scope(get_engine(warehouse_url)) as session:
        entries = coverage_by_region(session, Period(2024, 5))
        trace = lineage(session, Period(2024, 5), "15.07")
    province = entries[-1]
    assert province["region_code"] == "15" and len(entries) == 12
    assert province["active_participants"] == sum(e["active_participants"] for e in entries[:-1])
    assert 38 < province["coverage_pct"] < 44
    timur = next(e for e in entries if e["region_code"] == "15.07")
    assert 24 < timur["coverage_pct"] < 31  # the lowest-covered regency stays the lowest
    assert trace and trace[0]["file_name"] == "rekap-kepesertaan-2024-05.csv" and len(trace[0]["sha256"]) == 64
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM audit_finding WHERE kind = 'double_funding'") == 2
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM audit_quarantine_row") == 4
    archived = list((isolated_settings / "archive").rglob("*.csv"))
    assert {p.name for p in archived} >= {"rekap-kepesertaan-2024-05.csv", "daftar-peserta-bkbk-2024-05.csv"}


def test_same_file_twice_changes_nothing(warehouse_url: str) -> None:
    first = ingest_file(SAMPLES / "rekap-kepesertaan-2024-04.xlsx")
    before = _scalar(warehouse_url, "SELECT SUM(active_participants) FROM fact_coverage_monthly")
    again = ingest_file(SAMPLES / "rekap-kepesertaan-2024-04.xlsx")
    assert again.status == "duplicate" and again.duplicate_of == first.batch_id
    assert _scalar(warehouse_url, "SELECT SUM(active_participants) FROM fact_coverage_monthly") == before
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM audit_ingest_batch") == 1


def test_corrected_file_replaces_the_period(warehouse_url: str, tmp_path: Path) -> None:
    original = SAMPLES / "rekap-kepesertaan-2024-05.csv"
    first = ingest_file(original)
    text = original.read_text(encoding="utf-8-sig").replace("KERINCI;BPU;JKK-JKM;APBD Provinsi;8.410",
                                                            "KERINCI;BPU;JKK-JKM;APBD Provinsi;8.400")
    # A correction whose JUMLAH row was not updated does not reconcile: refused whole.
    unreconciled = tmp_path / "rekap-kepesertaan-2024-05-revisi.csv"
    unreconciled.write_text(text, encoding="utf-8-sig")
    refused = ingest_file(unreconciled)
    assert refused.status == "rejected" and "JUMLAH says" in (refused.reason or "")
    lines = text.splitlines()
    total_at = next(i for i, line in enumerate(lines) if line.startswith("JUMLAH"))
    cells = lines[total_at].split(";")
    cells[5] = f"{parse_int(cells[5]) - 10:,}".replace(",", ".")
    lines[total_at] = ";".join(cells)
    corrected = tmp_path / "rekap-kepesertaan-2024-05-revisi-2.csv"
    corrected.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig")
    second = ingest_file(corrected)
    assert second.status == "published", second.reason
    assert _scalar(warehouse_url, f"SELECT status FROM audit_ingest_batch WHERE batch_id = {first.batch_id}") == \
        "superseded"
    assert _scalar(warehouse_url, "SELECT COUNT(DISTINCT batch_id) FROM fact_coverage_monthly") == 1
    assert _scalar(warehouse_url, "SELECT COUNT(*) FROM fact_coverage_monthly") == 77


def test_a_person_on_two_regencies_rosters_is_a_finding(warehouse_url: str, tmp_path: Path) -> None:
    header = "DAFTAR PESERTA BKBK BULAN JUNI 2024\n\nNo;NIK;Nama;Kabupaten/Kota;Segmen;Program;Sumber Dana\n"
    (tmp_path / "tebo-2024-06.csv").write_text(
        header + "1;1509014101900001;Siti A;Tebo;BPU;JKK-JKM;APBD Provinsi\n"
                 "2;1509014101900002;Budi B;Tebo;BPU;JKK-JKM;APBD Provinsi\n", encoding="utf-8")
    (tmp_path / "bungo-2024-06.csv").write_text(
        header + "1;1509014101900001;Siti A;Bungo;BPU;JKK-JKM;APBD Kab/Kota\n", encoding="utf-8")
    first = ingest_file(tmp_path / "tebo-2024-06.csv", source_name="roster-tebo")
    second = ingest_file(tmp_path / "bungo-2024-06.csv", source_name="roster-bungo")
    assert first.status == second.status == "published"
    with get_engine(warehouse_url).connect() as conn:
        rows = conn.execute(sa.text("SELECT batch_id, kind, subject, detail FROM audit_finding")).all()
    assert [(r.batch_id, r.kind) for r in rows] == [(second.batch_id, "double_funding_across_batches")]
    detail = rows[0].detail if isinstance(rows[0].detail, dict) else __import__("json").loads(rows[0].detail)
    assert detail["regions"] == ["15.08", "15.09"] and detail["batches"] == [first.batch_id, second.batch_id]
    assert "1509014101900001" not in str(rows[0]) and len(rows[0].subject) == 32


def test_a_wrong_jumlah_row_is_refused_with_both_numbers(sqlite_url: str) -> None:
    corpus = Path(__file__).resolve().parents[1] / "bad_inputs"
    refused = ingest_file(corpus / "total_mismatch.csv")
    assert refused.status == "rejected"
    assert refused.reason is not None and refused.reason.startswith("total_mismatch.csv: data-quality checks failed: ")
    assert "row 6, column 'Peserta Aktif': JUMLAH says 12.345, the rows add up to 12.000" in refused.reason
    assert "(check totals_suite: column pair values to be equal, that is, the JUMLAH row must equal the sum" in refused.reason
