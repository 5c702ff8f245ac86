"""Migrations build the same warehouse on SQLite and PostgreSQL, and seed documented reference data."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from transforms.regions import REGENCIES
from warehouse.db import current_revision, get_engine, upgrade

PROVINCE_WORKFORCE_2024 = 1_312_370  # BPJS Ketenagakerjaan's potential workers for Jambi, August 2024


def _head_revision() -> str:
    from alembic.script import ScriptDirectory

    from warehouse.db import alembic_config

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def test_upgrade_is_idempotent_and_reaches_head(warehouse_url: str) -> None:
    upgrade(warehouse_url)  # second time: nothing to do, nothing duplicated
    assert current_revision(warehouse_url) == _head_revision()
    with get_engine(warehouse_url).connect() as conn:
        # Jambi's 12 and the rest of the national reference, without the four Papua provinces of 2022
        # (no BPS code yet) and their 26 regencies: 552 - 30.
        assert conn.execute(sa.text("SELECT COUNT(*) FROM dim_region")).scalar() == 522
        assert conn.execute(sa.text("SELECT COUNT(*) FROM dim_region WHERE parent_code = '15'")).scalar() == 11
        assert conn.execute(sa.text("SELECT COUNT(*) FROM dim_programme_set")).scalar() == 31


def test_both_region_code_systems_are_kept(warehouse_url: str) -> None:
    with get_engine(warehouse_url).connect() as conn:
        rows = dict(conn.execute(sa.text("SELECT region_code, bps_code FROM dim_region")).all())
    # The four regencies the two systems number differently.
    assert rows["15.06"] == "1507" and rows["15.07"] == "1506"
    assert rows["15.08"] == "1509" and rows["15.09"] == "1508"
    assert {r.kemendagri_code for r in REGENCIES} <= set(rows)


def test_reference_series_are_seeded_from_files_with_sources(warehouse_url: str) -> None:
    with get_engine(warehouse_url).connect() as conn:
        rows = conn.execute(sa.text("SELECT * FROM ref_workforce")).mappings().all()
        totals = {(r.measure, r.year): (r.stated, int(r.computed)) for r in conn.execute(sa.text(
            "SELECT * FROM rpt_reference_totals"))}
    by_key = {(r["region_code"], r["year"], r["measure"]): r for r in rows}
    # Published as the press reported BPS's figures, in BPS order mapped to Kemendagri codes.
    assert by_key[("15.07", 2021, "penduduk_bekerja")]["value"] == 115_517  # Tanjung Jabung Timur (BPS 1506)
    assert by_key[("15.06", 2021, "penduduk_bekerja")]["value"] == 179_622  # Tanjung Jabung Barat (BPS 1507)
    assert by_key[("15.09", 2020, "penduduk_bekerja")]["value"] == 180_517  # Tebo (BPS 1508)
    assert by_key[("15", 2023, "angkatan_kerja")]["value"] == 1_890_000
    assert by_key[("15", 2024, "pekerja_potensial")]["value"] == PROVINCE_WORKFORCE_2024
    assert not by_key[("15", 2024, "pekerja_potensial")]["is_derived"]
    assert by_key[("15.01", 2024, "pekerja_potensial")]["is_derived"]
    # Province totals are kept as stated, never corrected: 2019 and 2020 do not add up.
    assert totals[("penduduk_bekerja", 2019)] == (1_691_782, 1_683_575)
    assert totals[("penduduk_bekerja", 2020)] == (1_740_020, 1_739_003)
    assert totals[("penduduk_bekerja", 2021)] == (1_746_840, 1_746_840)
    assert totals[("pekerja_potensial", 2024)] == (PROVINCE_WORKFORCE_2024, PROVINCE_WORKFORCE_2024)
    for row in rows:
        assert row["publisher"] and row["table_title"] and row["source_url"].startswith("https://")
        assert row["retrieved_on"] and row["method"] and row["series"]


def test_models_and_migrations_agree(warehouse_url: str) -> None:
    """Alembic's autogenerate finds nothing to change between ``models.py`` and a migrated database."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from warehouse.models import Base

    with get_engine(warehouse_url).connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_reporting_views_define_coverage_once(warehouse_url: str, isolated_settings: Path) -> None:
    """The views aggregate the facts, take the workforce of the latest reference year and divide;
    the Python readers return exactly what the views say."""
    from pantau.ingest import ingest_file
    from tests.conftest import SAMPLE_DIR
    from transforms.dates import Period
    from warehouse.db import session_scope
    from warehouse.reporting import coverage_by_region

    period = Period(2024, 6)
    result = ingest_file(SAMPLE_DIR / "coverage" / "rekap-kepesertaan-2024-06.csv", expected_period=period)
    assert result.status == "published"
    with get_engine(warehouse_url).connect() as conn:
        facts = dict(conn.execute(sa.text(
            "SELECT region_code, SUM(active_participants) FROM fact_coverage_monthly "
            "WHERE period_key = 202406 GROUP BY region_code")).all())
        workforce = {code: value for code, _, value in sorted(conn.execute(sa.text(
            "SELECT region_code, year, value FROM ref_workforce WHERE year <= 2024 "
            "AND measure = 'pekerja_potensial'")).all(),
            key=lambda row: row[1])}  # the latest year of the headline measure wins
        view = {row.region_code: row for row in conn.execute(sa.text(
            "SELECT * FROM rpt_coverage_region_month WHERE period_key = 202406"))}
        province = conn.execute(sa.text("SELECT * FROM rpt_coverage_province_month WHERE period_key = 202406")).one()
        lineage = conn.execute(sa.text("SELECT DISTINCT batch_id, sha256 FROM rpt_coverage_lineage "
                                       "WHERE period_key = 202406")).all()
    assert facts and set(view) == set(facts)
    for code, active in facts.items():
        assert view[code].active_participants == active
        assert view[code].workforce == workforce[code]
        assert abs(float(view[code].coverage_pct) - 100.0 * int(active) / workforce[code]) < 1e-9
    assert province.active_participants == sum(facts.values())
    assert abs(float(province.coverage_pct) - 100.0 * sum(int(v) for v in facts.values()) / workforce["15"]) < 1e-9
    assert [tuple(row) for row in lineage] == [(result.batch_id, ingest_sha(result.batch_id, warehouse_url))]
    with session_scope(get_engine(warehouse_url)) as session:
        entries = {e["region_code"]: e for e in coverage_by_region(session, period)}
    for code, row in view.items():
        assert entries[code]["coverage_pct"] == float(row.coverage_pct)  # unrounded: the report rounds once
        assert entries[code]["workforce"] == row.workforce
    assert entries["15"]["coverage_pct"] == float(province.coverage_pct)


def ingest_sha(batch_id: int, url: str) -> str:
    with get_engine(url).connect() as conn:
        return str(conn.execute(sa.text("SELECT sha256 FROM audit_ingest_batch WHERE batch_id = :b"),
                                {"b": batch_id}).scalar())


def test_claims_migration_goes_down_and_up_again(warehouse_url: str) -> None:
    """0005 (news claims) downgrades to the views of 0003 and comes back with its own."""
    from alembic import command

    from warehouse.db import alembic_config

    claim_views = ("rpt_coverage_detail_month", "rpt_benefit_claims_month", "rpt_news_claim", "rpt_announced_target")
    command.downgrade(alembic_config(warehouse_url), "0004")
    assert current_revision(warehouse_url) == "0004"
    with get_engine(warehouse_url).connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM rpt_claim_reconciliation")).scalar() == 0
        assert not set(claim_views) & set(sa.inspect(conn).get_view_names())
    upgrade(warehouse_url)
    assert current_revision(warehouse_url) == _head_revision()
    with get_engine(warehouse_url).connect() as conn:
        for view in claim_views:
            assert conn.execute(sa.text(f"SELECT COUNT(*) FROM {view}")).scalar() == 0
