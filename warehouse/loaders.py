"""Idempotent, atomic loads of canonical frames into fact tables.

A batch for the same source, dataset and period replaces the facts of the batch before it
(which becomes ``superseded``), inside the caller's transaction: readers see the old facts or
the new ones, never half of either. On PostgreSQL the rows go through COPY into a temporary
staging table and one set-based ``INSERT ... SELECT``; elsewhere through executemany.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from warehouse.models import (
    AuditIngestBatch,
    FactBenefitClaims,
    FactCoverageMonthly,
    FactPublishedStatistic,
    FactRosterParticipant,
)

COPY_CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class FactTarget:
    model: Any
    columns: tuple[str, ...]


TARGETS: dict[str, FactTarget] = {
    "coverage": FactTarget(FactCoverageMonthly, (
        "batch_id", "source_name", "period_key", "region_code", "segment_code", "programme_set",
        "funding_source_code", "active_participants", "new_participants", "contributions_idr", "source_row")),
    "claims": FactTarget(FactBenefitClaims, (
        "batch_id", "source_name", "period_key", "region_code", "programme_set", "cases", "benefits_paid_idr",
        "source_row")),
    "roster": FactTarget(FactRosterParticipant, (
        "batch_id", "source_name", "period_key", "person_pseudonym", "region_code", "village", "occupation",
        "segment_code", "programme_set", "funding_source_code", "start_date", "source_row")),
    "published_statistics": FactTarget(FactPublishedStatistic, (
        "batch_id", "source_name", "region_code", "year", "measure", "measure_label", "unit", "value", "metric",
        "code_system", "source_row")),
}


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_source_period(session: Session, source_name: str, dataset: str, period_key: int) -> None:
    """Serialise concurrent loads of the same source+period (PostgreSQL advisory lock)."""
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"),
                        {"k": f"{source_name}|{dataset}|{period_key}"})


def replace_facts(
    session: Session,
    *,
    dataset: str,
    batch_id: int,
    source_name: str,
    period_key: int,
    frame: Any,
    bulk: str = "auto",
) -> int:
    """Replace the facts of (source, dataset, period) with ``frame``; returns rows loaded."""
    target = TARGETS[dataset]
    model = target.model
    lock_source_period(session, source_name, dataset, period_key)
    previous = session.scalars(
        select(AuditIngestBatch.batch_id).where(
            AuditIngestBatch.source_name == source_name,
            AuditIngestBatch.dataset == dataset,
            AuditIngestBatch.period_key == period_key,
            AuditIngestBatch.status == "published",
            AuditIngestBatch.batch_id != batch_id,
        )
    ).all()
    session.execute(delete(model).where(model.source_name == source_name, model.period_key == period_key))
    if previous:
        session.execute(update(AuditIngestBatch).where(AuditIngestBatch.batch_id.in_(previous))
                        .values(status="superseded", reason=f"replaced by batch {batch_id}"))
    rows = frame.assign(batch_id=batch_id, source_name=source_name, period_key=period_key)
    return _insert(session, target, rows, batch_id, bulk)


def replace_published_statistics(session: Session, *, batch_id: int, source_name: str, frame: Any,
                                 bulk: str = "auto") -> int:
    """Replace a source's published yearly statistics of the measures in ``frame``.

    Yearly tables have no reporting month: a table replaces the rows of the same source and
    measure, and a batch left with no rows becomes ``superseded``; all in the caller's
    transaction.
    """
    target = TARGETS["published_statistics"]
    model = FactPublishedStatistic
    measures = sorted({str(m) for m in frame["measure"]})
    for measure in measures:
        lock_source_period(session, source_name, f"published_statistics:{measure}", 0)
    previous = set(session.scalars(select(model.batch_id).where(
        model.source_name == source_name, model.measure.in_(measures), model.batch_id != batch_id)).all())
    session.execute(delete(model).where(model.source_name == source_name, model.measure.in_(measures)))
    emptied = [b for b in previous
               if not session.scalar(select(func.count()).select_from(model).where(model.batch_id == b))]
    if emptied:
        session.execute(update(AuditIngestBatch).where(AuditIngestBatch.batch_id.in_(emptied))
                        .values(status="superseded", reason=f"replaced by batch {batch_id}"))
    rows = frame.assign(batch_id=batch_id, source_name=source_name)
    return _insert(session, target, rows, batch_id, bulk)


def _insert(session: Session, target: FactTarget, rows: Any, batch_id: int, bulk: str) -> int:
    model = target.model
    rows = rows[list(target.columns)]
    use_copy = bulk == "copy" or (bulk == "auto" and is_postgres(session))
    if use_copy:
        copy_via_staging(session, model.__tablename__, target.columns, rows)
    elif len(rows):
        records = rows.astype(object).where(rows.notna(), None).to_dict("records")
        for start in range(0, len(records), 50_000):
            session.execute(insert(model), records[start:start + 50_000])
    loaded = session.scalar(select(func.count()).select_from(model).where(model.batch_id == batch_id))
    return int(loaded or 0)


def _csv_chunks(frame: Any, chunk_rows: int = COPY_CHUNK_ROWS) -> Any:
    for start in range(0, len(frame), chunk_rows):
        buffer = io.StringIO()
        frame.iloc[start:start + chunk_rows].to_csv(buffer, header=False, index=False)
        yield buffer.getvalue().encode("utf-8")


def copy_via_staging(session: Session, table: str, columns: tuple[str, ...], frame: Any) -> None:
    """COPY ``frame`` into a temporary staging table, then one set-based insert into ``table``."""
    cols = ", ".join(columns)
    stage = f"stage_{table}"
    import psycopg
    from sqlalchemy.exc import DBAPIError

    connection = session.connection()
    raw = connection.connection.driver_connection  # psycopg.Connection, same transaction
    try:
        _copy(raw, table, stage, cols, frame)
    except psycopg.Error as exc:
        # Surface driver errors as SQLAlchemy's, like every other path of the loader.
        raise DBAPIError.instance(f"COPY into {table}", None, exc, psycopg.Error) from exc


def _copy(raw: Any, table: str, stage: str, cols: str, frame: Any) -> None:
    with raw.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN (FORMAT csv)") as copy:
            for chunk in _csv_chunks(frame):
                copy.write(chunk)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}")
        cursor.execute(f"DROP TABLE {stage}")
