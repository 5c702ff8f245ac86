"""Migrations build the same warehouse on SQLite and PostgreSQL, and seed documented reference data."""

from __future__ import annotations

import sqlalchemy as sa

from transforms.regions import REGENCIES
from warehouse.db import current_revision, get_engine, upgrade
from warehouse.reference import PROVINCE_WORKFORCE_2024


def test_upgrade_is_idempotent_and_reaches_head(warehouse_url: str) -> None:
    upgrade(warehouse_url)  # second time: nothing to do, nothing duplicated
    assert current_revision(warehouse_url) == "0003"
    with get_engine(warehouse_url).connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM dim_region")).scalar() == 12
        assert conn.execute(sa.text("SELECT COUNT(*) FROM dim_programme_set")).scalar() == 31


def test_both_region_code_systems_are_kept(warehouse_url: str) -> None:
    with get_engine(warehouse_url).connect() as conn:
        rows = dict(conn.execute(sa.text("SELECT region_code, bps_code FROM dim_region")).all())
    # The four regencies the two systems number differently.
    assert rows["15.06"] == "1507" and rows["15.07"] == "1506"
    assert rows["15.08"] == "1509" and rows["15.09"] == "1508"
    assert {r.kemendagri_code for r in REGENCIES} <= set(rows)


def test_workforce_reference_adds_up_to_the_province(warehouse_url: str) -> None:
    with get_engine(warehouse_url).connect() as conn:
        regencies = conn.execute(sa.text(
            "SELECT SUM(workforce) FROM ref_workforce WHERE year = 2024 AND region_code <> '15'")).scalar()
        province = conn.execute(sa.text(
            "SELECT workforce FROM ref_workforce WHERE year = 2024 AND region_code = '15'")).scalar()
        sources = conn.execute(sa.text("SELECT COUNT(*) FROM ref_workforce WHERE source = ''")).scalar()
    assert regencies == province == PROVINCE_WORKFORCE_2024
    assert sources == 0


def test_reporting_views_exist_and_answer(warehouse_url: str) -> None:
    views = ["rpt_coverage_region_month", "rpt_coverage_province_month", "rpt_funding_month",
             "rpt_coverage_lineage", "rpt_batch_quality", "rpt_news_attention", "rpt_claim_reconciliation"]
    with get_engine(warehouse_url).connect() as conn:
        for view in views:
            assert conn.execute(sa.text(f"SELECT COUNT(*) FROM {view}")).scalar() == 0
