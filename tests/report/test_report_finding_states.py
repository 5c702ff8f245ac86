"""Findings an auditor can act on: each double-funding finding carries its state from month to month
(baru, berulang sejak …, selesai), its scale (people, months, contributions paid twice at the BKBK
rate, how much of the funded roster was checked), and the first screen counts the open ones."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.conftest import SAMPLE_DIR


def _section(html: str, anchor: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return " ".join(soup.select_one(f"section#{anchor}").get_text(" ", strip=True).split())


def _findings(html: str) -> list[tuple[str, str, str]]:
    """(state, months, paid twice) of each row of the findings table."""
    from bs4 import BeautifulSoup

    rows = BeautifulSoup(html, "html.parser").select("section#temuan table.findings tbody tr")
    cells = [[" ".join(td.get_text(" ", strip=True).split()) for td in row.find_all("td")] for row in rows]
    return [(c[1].split(" batch ")[0], c[4], c[5]) for c in cells]


def test_a_person_found_again_is_recurring_since_the_first_month_and_resolved_when_gone(
        sqlite_url: str, isolated_settings: Path, tmp_path: Path) -> None:
    from pantau.ingest import ingest_file
    from pantau.tasks.report import build
    from transforms.programmes import PROGRAMME_MONTHLY_CONTRIBUTION_IDR
    from warehouse.db import get_engine

    coverage = SAMPLE_DIR / "coverage"
    for month in ("2024-04", "2024-05", "2024-06"):
        for path in sorted(coverage.glob(f"rekap-kepesertaan-{month}.*")):
            assert ingest_file(path).status == "published"
    # May's roster names the same people as April's (the same double funding, still unpaid back);
    # June's roster is another list, without them.
    april = (coverage / "daftar-peserta-bkbk-2024-04.csv").read_text(encoding="utf-8")
    may = tmp_path / "daftar-peserta-bkbk-2024-05.csv"
    may.write_text(april.replace("BULAN APRIL 2024", "BULAN MEI 2024"), encoding="utf-8")
    for path in (coverage / "daftar-peserta-bkbk-2024-04.csv", may, coverage / "daftar-peserta-bkbk-2024-06.csv"):
        assert ingest_file(path).status == "published"

    with get_engine().connect() as db:
        def subjects(period_key: int) -> set[str]:
            return {s for (s,) in db.execute(text(
                "SELECT a.subject FROM audit_finding a JOIN audit_ingest_batch b ON b.batch_id = a.batch_id "
                "WHERE b.period_key = :p"), {"p": period_key})}

        found = {key: subjects(key) for key in (202404, 202405, 202406)}
        (roster_may,), = db.execute(text("SELECT COUNT(DISTINCT person_pseudonym) FROM fact_roster_participant "
                                         "WHERE period_key = 202405"))
        (funded_may,), = db.execute(text(
            "SELECT SUM(f.active_participants) FROM fact_coverage_monthly f JOIN dim_funding_source s "
            "ON s.funding_source_code = f.funding_source_code WHERE f.period_key = 202405 AND s.is_apbd"))
    assert found[202404] and found[202405] == found[202404] and not found[202406] & found[202405]

    may_html = Path(build("2024-05")["html"]).read_text(encoding="utf-8")
    audit = _section(may_html, "temuan")
    recurring = len(found[202405])
    paid = f"Rp {2 * PROGRAMME_MONTHLY_CONTRIBUTION_IDR:,}".replace(",", ".")
    # Two months each, paid twice at the BKBK rate; nothing new in May.
    assert _findings(may_html) == [("berulang sejak April 2024", "2", paid)] * recurring
    total = f"Rp {2 * recurring * PROGRAMME_MONTHLY_CONTRIBUTION_IDR:,}".replace(",", ".")
    assert f"{recurring} orang dibiayai ganda, {2 * recurring} bulan-orang" in audit and total in audit
    share = f"{100 * roster_may / funded_may:.2f}".replace(".", ",") + "%"
    assert f"{roster_may:,}".replace(",", ".") in audit and share in audit
    screen = _section(may_html, "ringkasan")
    assert f"Temuan audit terbuka {recurring} 0 baru, {recurring} berulang" in screen

    june_html = Path(build("2024-06")["html"]).read_text(encoding="utf-8")
    once = f"Rp {PROGRAMME_MONTHLY_CONTRIBUTION_IDR:,}".replace(",", ".")
    states = _findings(june_html)
    assert sorted(states) == sorted([("baru", "1", once)] * len(found[202406]) + [
        ("selesai ada di bulan sebelumnya, tidak lagi di Juni 2024", "2", paid)] * len(found[202405]))
    screen = _section(june_html, "ringkasan")
    new = len(found[202406])
    assert f"Temuan audit terbuka {new} {new} baru, 0 berulang; {len(found[202405])} selesai" in screen
