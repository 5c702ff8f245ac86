"""Temuan Audit and lineage: what the June report tells an auditor, and what a reader's view withholds."""

from __future__ import annotations

import re
from pathlib import Path

import sqlalchemy as sa

from warehouse.db import get_engine


def _rows(sql: str) -> list[dict[str, object]]:
    with get_engine().connect() as conn:
        return [dict(r._mapping) for r in conn.execute(sa.text(sql))]


def test_findings_and_quarantine_are_shown_as_counts_and_cells_never_as_people(sample_month: Path) -> None:
    from openpyxl import load_workbook

    from pantau.tasks.report import build

    paths = build("2024-06")
    html = Path(paths["html"]).read_text(encoding="utf-8")
    audit = html[html.index('id="temuan"'):html.index('id="kualitas"')]

    # Double funding: the month's roster batch, how many people, which regencies and sources.
    june = _rows("SELECT f.batch_id, COUNT(*) AS n FROM audit_finding f JOIN audit_ingest_batch b "
                 "ON b.batch_id = f.batch_id WHERE b.period_key = 202406 GROUP BY f.batch_id")
    assert len(june) == 1 and june[0]["n"] == 2
    row = audit[audit.index(f'href="#batch-{june[0]["batch_id"]}"'):][:700]
    assert '<td class="num">2</td>' in row and "Kerinci" in row and "Kota Jambi" in row and "APBD Kabupaten/Kota" in row
    # ... never the pseudonym (nor anything like a NIK), in the report or the workbook; the reader's view has none.
    subjects = [str(r["subject"]) for r in _rows("SELECT subject FROM audit_finding")]
    workbook = load_workbook(paths["xlsx"])
    cells = " ".join(str(c.value) for ws in workbook.worksheets for r in ws.iter_rows() for c in r if c.value)
    for subject in subjects:
        assert subject not in html and subject not in cells
    assert not re.search(r"\b\d{16}\b", html + cells)
    assert "subject" not in _rows("SELECT * FROM rpt_finding_summary")[0]

    # Quarantined rows: the file's own JUMLAH beside what was published, and why, in Indonesian.
    assert "Baris JUMLAH di berkas: <strong>538.420</strong> peserta; yang diterbitkan: <strong>538.381</strong>" in audit
    assert "selisih 39 peserta dan Rp 655.200 iuran ada di baris yang dikarantina" in audit
    assert "nama wilayah &#39;Kab. Jambi Selatan&#39; tidak dikenal" in audit and "bukan angka" in audit
    assert "NIK tidak sah: 12 digit, bukan 16" in audit
    # Roster rows are never shown cell by cell (they hold personal data): not even in the reader's view.
    assert not [r for r in _rows("SELECT * FROM rpt_quarantine_row WHERE dataset = 'roster'") if r["cells"]]
    reasons = [r[5] for r in workbook["Karantina"].iter_rows(min_row=2, values_only=True)]
    assert reasons and all(r and "invalid" not in r and "unknown" not in r for r in reasons)


def test_every_figure_names_its_batches_and_every_batch_behind_the_report_is_listed(sample_month: Path) -> None:
    from pantau.tasks.report import build

    html = Path(build("2024-06")["html"]).read_text(encoding="utf-8")
    lineage = html[html.index('id="kualitas"'):]
    listed = {int(b) for b in re.findall(r'<tr id="batch-(\d+)">', lineage)}
    batches = _rows("SELECT batch_id, dataset, period_key, sha256 FROM audit_ingest_batch WHERE status = 'published'")
    # Coverage, claims and rosters of the months up to June, open data, reference series, news: all of them.
    assert {int(str(b["batch_id"])) for b in batches} <= listed
    assert {b["dataset"] for b in batches} >= {"coverage", "claims", "roster", "published_statistics", "reference",
                                              "news"}
    for b in batches:
        assert str(b["sha256"]) in lineage
    # Each regency row names the month's batches behind it, linked to their line in the lineage table.
    june = {int(str(b["batch_id"])) for b in batches if b["period_key"] == 202406}
    regencies = html[html.index('id="kabupaten"'):html.index('id="penyebut"')]
    kerinci = regencies[regencies.index("Kerinci</a>"):][:600]
    assert {int(b) for b in re.findall(r'href="#batch-(\d+)"', kerinci)} == june


def test_superseded_and_refused_files_of_the_month_are_said_in_indonesian(sqlite_url: str, tmp_path: Path) -> None:
    from pantau.ingest import ingest_file
    from reports.build import build_report
    from tests.conftest import REPO, SAMPLE_DIR
    from transforms.dates import Period

    first = SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv"
    assert ingest_file(first).status == "published"
    again = tmp_path / "rekap-kepesertaan-2024-06-revisi.csv"
    again.write_text(first.read_text(encoding="utf-8").replace("\n", "\n", 1) + "\n", encoding="utf-8")
    assert ingest_file(again).status == "published"  # replaces the first: superseded
    refused = ingest_file(REPO / "tests" / "bad_inputs" / "total_mismatch.csv")
    assert refused.status == "rejected"

    html = build_report(Period(2024, 6), tmp_path / "out")["html"].read_text(encoding="utf-8")
    events = html[html.index("Berkas yang digantikan atau ditolak"):html.index('id="kualitas"')]
    assert "digantikan" in events and "rekap-kepesertaan-2024-06.csv" in events
    assert "total_mismatch.csv" in events
    assert "ditolak: tidak lolos pemeriksaan mutu data: angka di baris JUMLAH berkas tidak sama dengan jumlah baris di " \
        "atasnya" in events
    assert "column pair" not in events and "data-quality" not in events
