"""Least privilege on the real PostgreSQL: connect as a member of each role and prove what it can
and cannot read or write (``warehouse/roles.py``, migration 0007)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import ProgrammingError

from tests.conftest import PG_ADMIN_URL, SAMPLE_DIR
from warehouse.roles import AUDITOR, LOADER, READER

pytestmark = pytest.mark.postgres


@pytest.fixture
def login_as(pg_url: str) -> Iterator[Callable[[str], sa.Engine]]:
    """``login_as(role)`` → an engine connected as a fresh login user that is a member of ``role``."""
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    users: list[str] = []
    engines: list[sa.Engine] = []

    def make(role: str) -> sa.Engine:
        user = f"pantau_t_{uuid.uuid4().hex[:10]}_{role.removeprefix('pantau_')}"
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE ROLE "{user}" LOGIN IN ROLE {role}'))
        users.append(user)
        engine = sa.create_engine(pg_url.replace("://postgres@", f"://{user}@"), poolclass=sa.pool.NullPool)
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()
    with admin.connect() as conn:
        for user in users:
            conn.execute(sa.text(f'DROP ROLE IF EXISTS "{user}"'))
    admin.dispose()


def _can(engine: sa.Engine, sql: str) -> bool:
    """Whether ``sql`` runs for this user (rolled back either way)."""
    with engine.connect() as conn:
        try:
            conn.execute(sa.text(sql))
        except ProgrammingError as exc:
            assert getattr(exc.orig, "sqlstate", None) == "42501", exc  # insufficient_privilege, nothing else
            return False
        finally:
            conn.rollback()
    return True


def _load_sample_month_as(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    from core.settings import reset_settings
    from pantau.ingest import ingest_file

    monkeypatch.setenv("PANTAU_WAREHOUSE_URL", engine.url.render_as_string(hide_password=False))
    reset_settings()
    return {path.name: ingest_file(path).status for path in sorted((SAMPLE_DIR / "coverage").glob("*2024-06*"))}


def test_loader_runs_the_pipeline_but_cannot_change_the_schema_or_dimensions(
        login_as, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.db import get_engine, upgrade

    # A hardened database: PUBLIC may neither connect nor create temporary tables; the roles' own
    # grants (given again by the upgrade) are what lets the loader in and stage its COPY loads.
    database = sa.make_url(pg_url).database
    owner = get_engine(pg_url)
    with owner.begin() as conn:
        conn.execute(sa.text(f'REVOKE CONNECT, TEMPORARY ON DATABASE "{database}" FROM PUBLIC'))
    try:
        upgrade(pg_url)
        loader = login_as(LOADER)
        statuses = _load_sample_month_as(loader, monkeypatch)
    finally:
        with owner.begin() as conn:
            conn.execute(sa.text(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO PUBLIC'))
    assert set(statuses.values()) == {"published"}, statuses
    with loader.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM fact_coverage_monthly")).scalar() > 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_quarantine_row")).scalar() > 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM rpt_coverage_region_month")).scalar() > 0
    assert _can(loader, "DELETE FROM fact_claim_reconciliation")
    assert _can(loader, "INSERT INTO news_site (site_name, base_url, profile) VALUES ('t', 'http://t', '{}')")
    assert _can(loader, "UPDATE ref_workforce SET note = note")  # reference series: pantau reference load
    assert not _can(loader, "UPDATE dim_region SET name = name")
    assert not _can(loader, "DELETE FROM dim_period")
    assert not _can(loader, "CREATE TABLE fact_sneaky (id integer)")
    assert not _can(loader, "DROP VIEW rpt_coverage_region_month")
    assert not _can(loader, "TRUNCATE fact_coverage_monthly")
    # Reviewers' decisions: the loader adds and reads them, never changes or deletes one.
    assert _can(loader, "SELECT COUNT(*) FROM audit_claim_review")
    assert _can(loader, "INSERT INTO audit_claim_review (figure_key, review_key, article_url, figure_text, sentence, "
                "not_a_claim, reading_before, reviewer, channel, decided_at) VALUES ('k', 'k', 'u', 't', 's', TRUE, "
                "'{}', 'r', 'cli', now())")
    assert not _can(loader, "UPDATE audit_claim_review SET note = note")
    assert not _can(loader, "DELETE FROM audit_claim_review")


def test_reader_sees_reporting_views_only(login_as, pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.db import get_engine

    _load_sample_month_as(get_engine(pg_url), monkeypatch)
    reader = login_as(READER)
    with reader.connect() as conn:
        views = [name for (name,) in conn.execute(sa.text(
            "SELECT table_name FROM information_schema.views WHERE table_name LIKE 'rpt\\_%'"))]
        assert len(views) >= 7
        for view in views:
            conn.execute(sa.text(f"SELECT * FROM {view} LIMIT 1"))
        assert conn.execute(sa.text(
            "SELECT COUNT(*) FROM rpt_coverage_region_month WHERE period_key = 202406")).scalar() == 11
        # Findings by count only (regions and funding sources, no pseudonym); no roster row's cells.
        findings = conn.execute(sa.text("SELECT * FROM rpt_finding_summary")).mappings().all()
        assert findings and all("subject" not in f and json.loads(f["regions"]) for f in findings)
        assert not conn.execute(sa.text(
            "SELECT COUNT(*) FROM rpt_quarantine_row WHERE dataset = 'roster' AND cells IS NOT NULL")).scalar()
    for table in ("fact_coverage_monthly", "fact_roster_participant", "audit_ingest_batch", "audit_dq_result",
                  "audit_quarantine_row", "audit_finding", "news_article", "dim_region", "ref_workforce"):
        assert not _can(reader, f"SELECT 1 FROM {table} LIMIT 1"), f"reader can read {table}"
    assert not _can(reader, "INSERT INTO audit_ingest_batch (source_name) VALUES ('x')")
    assert not _can(reader, "DELETE FROM fact_coverage_monthly")


def test_auditor_sees_the_audit_trail_but_no_personal_data(login_as, pg_url: str,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from warehouse.db import get_engine

    _load_sample_month_as(get_engine(pg_url), monkeypatch)
    auditor = login_as(AUDITOR)
    with auditor.connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM rpt_batch_quality")).scalar() > 0
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published'")).scalar() == 3
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_dq_result")).scalar() > 0
        conn.execute(sa.text("SELECT kind, subject FROM audit_finding"))
        # Why rows were quarantined, yes; the quarantined row itself, no.
        reasons = conn.execute(sa.text("SELECT row_number, reason, check_name FROM audit_quarantine_row")).all()
        assert reasons
    assert not _can(auditor, "SELECT raw FROM audit_quarantine_row")
    assert not _can(auditor, "SELECT * FROM audit_quarantine_row")
    assert not _can(auditor, "SELECT * FROM fact_roster_participant")
    assert not _can(auditor, "SELECT * FROM fact_coverage_monthly")
    assert not _can(auditor, "UPDATE audit_ingest_batch SET reason = 'x'")
    assert not _can(auditor, "DELETE FROM audit_finding")


def test_tables_added_by_later_migrations_get_grants_and_migrating_again_changes_nothing(
        login_as, pg_url: str) -> None:
    from warehouse.db import get_engine, upgrade

    owner = get_engine(pg_url)
    with owner.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS fact_later_migration"))
        conn.execute(sa.text("CREATE TABLE fact_later_migration (id serial PRIMARY KEY, n integer)"))
    loader, reader = login_as(LOADER), login_as(READER)
    assert not _can(loader, "INSERT INTO fact_later_migration (n) VALUES (1)")
    try:
        upgrade(pg_url)  # nothing to migrate; the prefix grants are given again
        upgrade(pg_url)
        assert _can(loader, "INSERT INTO fact_later_migration (n) VALUES (1)")
        assert not _can(reader, "SELECT * FROM fact_later_migration")
    finally:
        with owner.begin() as conn:
            conn.execute(sa.text("DROP TABLE fact_later_migration"))


def test_roles_are_a_no_op_on_sqlite(sqlite_url: str) -> None:
    from warehouse.db import get_engine
    from warehouse.roles import apply_grants

    # The fixture migrated to head through 0007 without error; granting there does nothing.
    with get_engine(sqlite_url).begin() as conn:
        assert apply_grants(conn) == []


def test_every_table_and_view_falls_under_a_grant_prefix(pg_url: str) -> None:
    """A migration that adds a table with a new prefix must add its grant to warehouse/roles.py."""
    from warehouse.db import get_engine
    from warehouse.roles import GRANTS

    prefixes = tuple(p for grant in GRANTS for p in grant.prefixes)
    with get_engine(pg_url).connect() as conn:
        names = [name for (name,) in conn.execute(sa.text(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'v', 'm', 'p')"))]
    assert len(names) > 20
    assert [n for n in names if not n.startswith(prefixes) and n != "alembic_version"] == []


def _cli_as(engine: sa.Engine, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``pantau ARGS`` as the login of ``engine``, the way that person would."""
    env = {**os.environ, "PANTAU_WAREHOUSE_URL": engine.url.render_as_string(hide_password=False)}
    return subprocess.run([str(Path(sys.executable).parent / "pantau"), *args], capture_output=True, text=True,
                          timeout=300, env=env, cwd=cwd)


def test_every_command_of_the_role_table_works_as_that_login(login_as, pg_url: str, tmp_path: Path) -> None:
    """docs/operations.md's role table, command by command, each run as a login of its role on PostgreSQL."""
    from warehouse.db import get_engine

    owner = get_engine(pg_url)
    done = _cli_as(owner, "warehouse", "upgrade")
    assert done.returncode == 0, done.stderr

    loader = login_as(LOADER)
    june = [str(p) for p in sorted((SAMPLE_DIR / "coverage").glob("*2024-06*"))]
    done = _cli_as(loader, "coverage", "ingest", *june, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert {r["status"] for r in json.loads(done.stdout)} == {"published"}
    reference = sorted((Path(__file__).resolve().parents[2] / "reference" / "workforce").glob("*.yaml"))[0]
    done = _cli_as(loader, "reference", "load", str(reference), "--force")
    assert done.returncode == 0, done.stderr
    # Building the report reconciles the news claims first (it writes fact_claim_reconciliation): a loader's job.
    done = _cli_as(loader, "report", "build", "--period", "2024-06", "--out", str(tmp_path / "report"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "report" / "pantau-2024-06.html").is_file()
    done = _cli_as(loader, "news", "search", "BPJS")
    assert done.returncode == 0, done.stderr

    reader = login_as(READER)
    done = _cli_as(reader, "coverage", "report", "--period", "2024-06", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["published"] is True

    auditor = login_as(AUDITOR)
    done = _cli_as(auditor, "dq", "show", "--format", "json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert len(shown["batches"]) == 4  # three June files and the reference series
    batch = next(b["batch_id"] for b in shown["batches"] if b["dataset"] == "roster")
    done = _cli_as(auditor, "dq", "show", "--batch", str(batch), "--format", "json")
    assert done.returncode == 0, done.stderr
    detail = json.loads(done.stdout)
    assert detail["quarantined_rows"] and all("raw" not in row for row in detail["quarantined_rows"])
    done = _cli_as(auditor, "coverage", "report", "--period", "2024-06", "--format", "json")  # a reader too
    assert done.returncode == 0, done.stderr

    # And nobody below the owner migrates.
    done = _cli_as(loader, "warehouse", "upgrade")
    assert done.returncode != 0
