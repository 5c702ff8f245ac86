"""Loads replace the batches whose cells they wholly cover, atomically, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

import pandas as pd
import pytest
import sqlalchemy as sa

from warehouse.db import get_engine, session_scope
from warehouse.loaders import replace_facts
from warehouse.models import AuditIngestBatch


def _batch(session, status: str = "received") -> int:  # type: ignore[no-untyped-def]
    batch = AuditIngestBatch(source_name="src", dataset="coverage", file_name="f.csv", sha256="0" * 64,
                             received_at=datetime.now(UTC), status=status, rows_read=0, rows_loaded=0,
                             rows_quarantined=0, period_key=202406)
    session.add(batch)
    session.flush()
    return batch.batch_id


def _frame(participants: list[int], regions: list[str] | None = None) -> pd.DataFrame:
    regions = regions or ["15.01", "15.02", "15.03"][: len(participants)]
    return pd.DataFrame({
        "source_row": range(5, 5 + len(participants)),
        "region_code": regions,
        "segment_code": "BPU",
        "programme_set": "JKK+JKM",
        "funding_source_code": "APBD_PROV",
        "active_participants": participants,
        "new_participants": pd.array([None] * len(participants), dtype="Int64"),
        "contributions_idr": [p * 16_800 for p in participants],
    })


def _facts(url: str) -> list[tuple[int, str, int]]:
    with get_engine(url).connect() as conn:
        return [tuple(r) for r in conn.execute(sa.text(
            "SELECT batch_id, region_code, active_participants FROM fact_coverage_monthly ORDER BY region_code"))]


@pytest.mark.parametrize("bulk", ["auto", "rows"])
def test_second_batch_replaces_the_first(warehouse_url: str, bulk: str) -> None:
    engine = get_engine(warehouse_url)
    with session_scope(engine) as s:
        first = _batch(s)
        replace_facts(s, dataset="coverage", batch_id=first, source_name="src", period_key=202406,
                      frame=_frame([10, 20]), bulk=bulk)
        s.get_one(AuditIngestBatch, first).status = "published"
    with session_scope(engine) as s:
        second = _batch(s)
        # Same cells and one more, under another source name: the first batch is wholly covered.
        loaded = replace_facts(s, dataset="coverage", batch_id=second, source_name="other", period_key=202406,
                               frame=_frame([11, 21, 31]), bulk=bulk)
        s.get_one(AuditIngestBatch, second).status = "published"
    assert loaded == 3
    assert _facts(warehouse_url) == [(second, "15.01", 11), (second, "15.02", 21), (second, "15.03", 31)]
    with session_scope(engine) as s:
        assert s.get_one(AuditIngestBatch, first).status == "superseded"


def test_a_failed_load_leaves_the_previous_facts_visible(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    with session_scope(engine) as s:
        first = _batch(s)
        replace_facts(s, dataset="coverage", batch_id=first, source_name="src", period_key=202406,
                      frame=_frame([10, 20]))
        s.get_one(AuditIngestBatch, first).status = "published"
    with pytest.raises(sa.exc.DBAPIError), session_scope(engine) as s:
        second = _batch(s)
        # An unknown region violates the dimension's foreign key half-way through the batch.
        replace_facts(s, dataset="coverage", batch_id=second, source_name="src", period_key=202406,
                      frame=_frame([1, 2, 3], regions=["15.01", "15.02", "99.99"]))
    assert _facts(warehouse_url) == [(first, "15.01", 10), (first, "15.02", 20)]
    with session_scope(engine) as s:
        assert s.get_one(AuditIngestBatch, first).status == "published"
        assert s.scalar(sa.select(sa.func.count()).select_from(AuditIngestBatch)) == 1


def test_disjoint_cells_and_other_periods_add_up(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    with session_scope(engine) as s:
        a = _batch(s, "published")
        replace_facts(s, dataset="coverage", batch_id=a, source_name="src", period_key=202406, frame=_frame([5]))
        b = _batch(s, "published")
        replace_facts(s, dataset="coverage", batch_id=b, source_name="src", period_key=202406,
                      frame=_frame([7], regions=["15.02"]))
        c = _batch(s, "published")
        replace_facts(s, dataset="coverage", batch_id=c, source_name="src", period_key=202405, frame=_frame([9]))
    with get_engine(warehouse_url).connect() as conn:
        assert conn.execute(sa.text("SELECT COUNT(*) FROM fact_coverage_monthly")).scalar() == 3
        assert conn.execute(sa.text("SELECT COUNT(*) FROM audit_ingest_batch WHERE status = 'published'")
                            ).scalar() == 3


def test_a_file_covering_part_of_another_is_refused_naming_it(warehouse_url: str) -> None:
    from core.errors import InputRejected

    engine = get_engine(warehouse_url)
    with session_scope(engine) as s:
        first = _batch(s, "published")
        replace_facts(s, dataset="coverage", batch_id=first, source_name="src", period_key=202406,
                      frame=_frame([10, 20]))
    with pytest.raises(InputRejected) as refused, session_scope(engine) as s:
        second = _batch(s)
        replace_facts(s, dataset="coverage", batch_id=second, source_name="src", period_key=202406,
                      frame=_frame([30, 40], regions=["15.02", "15.03"]), file_name="late.csv")
    message = str(refused.value)
    assert message.startswith("late.csv: overlaps in part f.csv") and f"batch {first}" in message
    assert "Merangin (15.02) × BPU × JKK+JKM × APBD_PROV" in message and "Kerinci" not in message
    assert _facts(warehouse_url) == [(first, "15.01", 10), (first, "15.02", 20)]


def test_a_province_wide_file_replaces_every_branch_file(warehouse_url: str) -> None:
    engine = get_engine(warehouse_url)
    with session_scope(engine) as s:
        branches = []
        for regions in (["15.08", "15.09"], ["15.71", "15.05"]):
            branches.append(_batch(s, "published"))
            replace_facts(s, dataset="coverage", batch_id=branches[-1], source_name="cabang", period_key=202406,
                          frame=_frame([1, 2], regions=regions))
        province = _batch(s)
        replace_facts(s, dataset="coverage", batch_id=province, source_name="kanwil", period_key=202406,
                      frame=_frame([10, 20, 30, 40, 50], regions=["15.08", "15.09", "15.71", "15.05", "15.01"]))
    with session_scope(engine) as s:
        assert [s.get_one(AuditIngestBatch, b).status for b in branches] == ["superseded", "superseded"]
    assert {batch for batch, _, _ in _facts(warehouse_url)} == {province}
