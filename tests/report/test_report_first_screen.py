"""The report's first screen answers what the province's own money bought: the participants the
province funds (BKBK, Dumisake) and every other budget kept apart, what the province paid this month
and this year, progress against the programme's official target (a reference file, not the press),
the change since the month before and the open findings; every card names its batches."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from tests.report.test_report_language import html_text


def _first_screen(html: Path) -> tuple[str, list[dict[str, object]]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
    section = soup.find("section")
    assert section is not None and section.get("id") == "ringkasan"  # the first section
    cards = []
    for card in section.select(".cards")[0].select(".card"):
        cards.append({"label": card.select_one(".label").get_text(" ", strip=True),
                      "text": card.get_text(" ", strip=True),
                      "batches": [int(a.get_text()) for a in card.select(".from a[href^='#batch-']")]})
    return section.get_text(" ", strip=True), cards


def _dots(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def test_the_first_screen_states_what_the_province_paid_for_against_its_official_target(sample_month: Path) -> None:
    from pantau.tasks.report import build
    from reports.glossary import rupiah_short
    from warehouse.db import get_engine

    with get_engine().connect() as db:
        def one(sql: str, **params: object) -> list[tuple[object, ...]]:
            return [tuple(r) for r in db.execute(text(sql), params)]

        by_source = {code: (int(n), int(rp)) for code, n, rp in one(
            "SELECT funding_source_code, SUM(active_participants), SUM(contributions_idr) FROM fact_coverage_monthly "
            "WHERE period_key = 202406 GROUP BY funding_source_code")}
        may = {code: int(n) for code, n in one(
            "SELECT funding_source_code, SUM(active_participants) FROM fact_coverage_monthly "
            "WHERE period_key = 202405 GROUP BY funding_source_code")}
        (year_paid,), = one("SELECT SUM(contributions_idr) FROM fact_coverage_monthly "
                            "WHERE funding_source_code = 'APBD_PROV' AND period_key BETWEEN 202401 AND 202406")
        june_batches = sorted(int(b) for (b,) in one(
            "SELECT DISTINCT batch_id FROM fact_coverage_monthly WHERE period_key = 202406 "
            "AND funding_source_code = 'APBD_PROV'"))
        (target, target_file), = one("SELECT value, file_name FROM ref_programme_target WHERE funding_source_code = 'APBD_PROV' "
                         "AND year = 2024 AND measure = 'participants'")
        (same_kind,), = one("SELECT SUM(active_participants) FROM fact_coverage_monthly WHERE period_key = 202406 "
                            "AND funding_source_code = 'APBD_PROV' AND segment_code = 'BPU' "
                            "AND programme_set = 'JKK+JKM'")
        (open_findings,), = one("SELECT COUNT(DISTINCT a.subject) FROM audit_finding a JOIN audit_ingest_batch b "
                                "ON b.batch_id = a.batch_id WHERE b.period_key = 202406 AND b.status = 'published'")
        roster_batches = sorted(int(b) for (b,) in one(
            "SELECT DISTINCT a.batch_id FROM audit_finding a JOIN audit_ingest_batch b ON b.batch_id = a.batch_id "
            "WHERE b.period_key = 202406"))

    html = Path(build("2024-06")["html"])
    screen, cards = _first_screen(html)
    province, paid = by_source["APBD_PROV"]
    # The sentence a briefing can lift, naming the programmes and the province's own figures.
    sentence = screen[:screen.index("Peserta dibiayai")]
    assert "BKBK" in sentence and "Dumisake" in sentence
    assert _dots(province) in sentence and rupiah_short(paid) in sentence and rupiah_short(int(year_paid)) in sentence
    progress = f"{100 * same_kind / int(target):.1f}".replace(".", ",") + "%"
    assert progress in sentence and _dots(int(target)) in sentence
    assert f"+{_dots(province - may['APBD_PROV'])}" in sentence

    labels = [c["label"] for c in cards]
    assert labels[0].startswith("Peserta dibiayai APBD Provinsi") and _dots(province) in str(cards[0]["text"])
    paid_card = next(c for c in cards if c["label"] == "Dibayar provinsi bulan ini")
    assert f"Rp {_dots(paid)}" in str(paid_card["text"])
    year_card = next(c for c in cards if c["label"] == "Dibayar provinsi tahun ini")
    assert f"Rp {_dots(int(year_paid))}" in str(year_card["text"])
    target_card = next(c for c in cards if str(c["label"]).startswith("Target resmi"))
    assert progress in str(target_card["text"]) and Path(str(target_file)).name in str(target_card["text"])
    findings = next(c for c in cards if c["label"] == "Temuan audit terbuka")
    assert str(findings["text"]).split()[3] == str(open_findings)
    # Every card names its batches, and they are the batches of the figures it shows.
    assert all(c["batches"] for c in cards), [c["label"] for c in cards if not c["batches"]]
    assert cards[0]["batches"] == june_batches and paid_card["batches"] == june_batches
    assert findings["batches"] == roster_batches

    # Each budget on its own line, never lumped; the self-payers' money is not the province's.
    for code, label in (("APBD_KAB", "APBD Kabupaten/Kota"), ("APBDES", "APBDes"), ("MANDIRI", "Mandiri")):
        n, rp = by_source[code]
        row = screen[screen.index(label):]
        assert row.split(label, 1)[1].split()[0:1] != []
        assert _dots(n) in row[:200] and f"Rp {_dots(rp)}" in row[:300]
    # No card lumps the province's, regencies' and villages' budgets, or calls everyone's contributions its own.
    assert "Peserta dibiayai APBD" not in [t.strip() for t in html_text(html)]
    assert not any(c["label"].lower().startswith("iuran bulan ini") for c in cards)


def test_the_governments_target_and_its_migration_seed_agree() -> None:
    """Jambi's official target in its government file is what migration 0012 seeded (frozen there)."""
    import importlib.util

    from core.government import DEFAULT_GOVERNMENT_FILE, read_government
    from warehouse.government import target_rows
    from warehouse.migrations.view_files import VIEWS_DIR

    path = VIEWS_DIR.parent / "migrations" / "versions" / "0012_programme_targets_and_province_money.py"
    spec = importlib.util.spec_from_file_location("migration_0012", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    frozen = [dict(zip(module.TARGET_COLUMNS, row, strict=True)) for row in module.TARGET_ROWS]
    configured = target_rows(read_government(DEFAULT_GOVERNMENT_FILE))
    # The file the row came from moved (reference/targets/ → the government file); every figure is the same.
    assert [{**r, "file_name": None} for r in frozen] == [{**r, "file_name": None} for r in configured]
