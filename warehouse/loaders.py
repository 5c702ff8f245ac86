"""Idempotent, atomic loads of canonical frames into fact tables.

A batch replaces the facts of each earlier batch of the same dataset and period whose cells it
wholly covers (those become ``superseded``), inside the caller's transaction: readers see the
old facts or the new ones, never half of either. On PostgreSQL the rows go through COPY into a temporary
staging table and one set-based ``INSERT ... SELECT``; elsewhere through executemany.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table, delete, func, insert, select, text, tuple_
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from core.errors import InputRejected
from transforms.regions import region_by_code
from warehouse.batches import BatchStatus, supersede
from warehouse.governments import government_code
from warehouse.models import (
    AuditIngestBatch,
    FactBenefitClaims,
    FactCoverageMonthly,
    FactPublishedStatistic,
    FactRosterParticipant,
)

if TYPE_CHECKING:
    import pandas as pd

COPY_CHUNK_ROWS = 200_000


@dataclass(frozen=True)
class FactTarget:
    model: type[FactCoverageMonthly | FactBenefitClaims | FactRosterParticipant | FactPublishedStatistic]
    columns: tuple[str, ...]


TARGETS: dict[str, FactTarget] = {
    "coverage": FactTarget(FactCoverageMonthly, (
        "batch_id", "source_name", "period_key", "region_code", "segment_code", "programme_set",
        "funding_source_code", "active_participants", "new_participants", "contributions_idr", "source_row",
        "government_code")),
    "claims": FactTarget(FactBenefitClaims, (
        "batch_id", "source_name", "period_key", "region_code", "programme_set", "cases", "benefits_paid_idr",
        "source_row", "government_code")),
    "roster": FactTarget(FactRosterParticipant, (
        "batch_id", "source_name", "period_key", "person_pseudonym", "region_code", "village", "occupation",
        "segment_code", "programme_set", "funding_source_code", "start_date", "source_row",
        "government_code")),
    "published_statistics": FactTarget(FactPublishedStatistic, (
        "batch_id", "source_name", "region_code", "year", "measure", "measure_label", "unit", "value", "metric",
        "code_system", "source_row", "government_code")),
}


# What a delivery's facts are about: its cells. A later file of the same dataset and month replaces
# each earlier file whose cells it wholly covers; files with disjoint cells add up; a file that
# shares only part of another's cells is refused. The source name plays no part.
CELL_COLUMNS: dict[str, tuple[str, ...]] = {
    "coverage": ("region_code", "segment_code", "programme_set", "funding_source_code"),
    "claims": ("region_code", "programme_set"),
    # A roster's cells are its people, by regency and funder: a second part of a regency's roster with
    # other people adds to the first; one that lists all of the first's people replaces it.
    "roster": ("region_code", "funding_source_code", "person_pseudonym"),
}
Cell = tuple[str, ...]
CELL_WORDS = {"coverage": "region × segment × programme × funding source", "claims": "region × programme",
              "roster": "the people it lists, by regency and funding source"}


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def lock_delivery(session: Session, dataset: str, period_key: int) -> None:
    """Serialise concurrent loads of the same dataset and period (PostgreSQL advisory lock)."""
    if is_postgres(session):
        session.execute(text("SELECT pg_advisory_xact_lock(hashtext(:k))"), {"k": f"{dataset}|{period_key}"})


def describe_cell(dataset: str, cell: Cell) -> str:
    parts = list(cell)
    with contextlib.suppress(Exception):  # an unknown code is named as it is
        parts[0] = f"{region_by_code(cell[0]).name} ({cell[0]})"
    return " × ".join(str(p) for p in parts)


def frame_cells(dataset: str, frame: pd.DataFrame) -> set[Cell]:
    columns = list(CELL_COLUMNS[dataset])
    return {tuple(str(v) for v in row) for row in frame[columns].drop_duplicates().itertuples(index=False)}


def batch_cells(session: Session, dataset: str, batch_id: int) -> set[Cell]:
    model = TARGETS[dataset].model
    columns = [getattr(model, c) for c in CELL_COLUMNS[dataset]]
    return {tuple(str(v) for v in row)
            for row in session.execute(select(*columns).where(model.batch_id == batch_id).distinct())}


def replaced_batches(session: Session, *, dataset: str, batch_id: int, period_key: int, cells: set[Cell],
                     file_name: str) -> list[int]:
    """The published batches of ``dataset`` and ``period_key`` whose cells ``cells`` wholly cover.

    Raises :class:`InputRejected` naming the other file and the shared cells when ``cells`` covers
    only part of a published batch's cells.
    """
    others = session.execute(
        select(AuditIngestBatch.batch_id, AuditIngestBatch.file_name).where(
            AuditIngestBatch.dataset == dataset, AuditIngestBatch.period_key == period_key,
            AuditIngestBatch.status == BatchStatus.PUBLISHED.value, AuditIngestBatch.batch_id != batch_id,
            AuditIngestBatch.government_code == government_code())  # another government's files are its own
        .order_by(AuditIngestBatch.batch_id)).all()
    replaced: list[int] = []
    overlaps: list[str] = []
    for other_id, other_file in others:
        theirs = batch_cells(session, dataset, other_id)
        shared = theirs & cells
        if not shared:
            continue
        if shared == theirs:
            replaced.append(int(other_id))
            continue
        named = sorted(shared)
        listed = "; ".join(describe_cell(dataset, c) for c in named[:10])
        more = f" and {len(named) - 10} more" if len(named) > 10 else ""
        overlaps.append(f"{other_file} (batch {other_id}): they share {len(shared)} of its {len(theirs)} cells "
                        f"({listed}{more}), this file leaves out its other {len(theirs - shared)}")
    if overlaps:
        raise InputRejected(
            file_name,
            "overlaps in part " + "; and ".join(overlaps) + ". A file replaces a published file only if it "
            f"covers all of that file's cells ({CELL_WORDS.get(dataset, 'its cells')}) and adds to it "
            "only if it shares none; send a file that does one or the other")
    return replaced


def replace_facts(
    session: Session,
    *,
    dataset: str,
    batch_id: int,
    source_name: str,
    period_key: int,
    frame: pd.DataFrame,
    bulk: str = "auto",
    file_name: str | None = None,
    superseded: list[int] | None = None,
) -> int:
    """Load ``frame`` as batch ``batch_id``, superseding the batches whose cells it wholly covers.

    Returns the rows loaded; ``superseded``, when given, receives the ids of the batches replaced.
    Raises :class:`InputRejected` (before changing anything) when the frame covers only part of an
    earlier batch's cells.
    """
    target = TARGETS[dataset]
    model = target.model
    lock_delivery(session, dataset, period_key)
    previous = replaced_batches(session, dataset=dataset, batch_id=batch_id, period_key=period_key,
                                cells=frame_cells(dataset, frame), file_name=file_name or f"batch {batch_id}")
    if previous:
        session.execute(delete(model).where(model.batch_id.in_(previous)))
        supersede(session, previous, by=batch_id)
    if superseded is not None:
        superseded.extend(previous)
    rows = frame.assign(batch_id=batch_id, source_name=source_name, period_key=period_key,
                        government_code=government_code())
    return _insert(session, target, rows, batch_id, bulk)


def replace_published_statistics(session: Session, *, batch_id: int, source_name: str, frame: pd.DataFrame,
                                 bulk: str = "auto") -> int:
    """Replace the published yearly statistics of the cells in ``frame``, whatever their source.

    Yearly tables have no reporting month: their cells are region × year × measure, and a table
    replaces the rows of the cells it carries (tables of other cells add up); a batch left with
    no rows becomes ``superseded``; all in the caller's transaction.
    """
    target = TARGETS["published_statistics"]
    model = FactPublishedStatistic
    measures = sorted({str(m) for m in frame["measure"]})
    for measure in measures:
        lock_delivery(session, f"published_statistics:{measure}", 0)
    keys = [(str(r), int(y), str(m)) for r, y, m in
            frame[["region_code", "year", "measure"]].drop_duplicates().itertuples(index=False)]
    same_cells = tuple_(model.region_code, model.year, model.measure).in_(keys) & (
        model.government_code == government_code())
    previous = set(session.scalars(select(model.batch_id).where(same_cells, model.batch_id != batch_id)).all())
    session.execute(delete(model).where(same_cells))
    emptied = [b for b in previous
               if not session.scalar(select(func.count()).select_from(model).where(model.batch_id == b))]
    supersede(session, emptied, by=batch_id)
    rows = frame.assign(batch_id=batch_id, source_name=source_name, government_code=government_code())
    return _insert(session, target, rows, batch_id, bulk)


def _insert(session: Session, target: FactTarget, rows: pd.DataFrame, batch_id: int, bulk: str) -> int:
    model = target.model
    rows = rows[list(target.columns)]
    use_copy = bulk == "copy" or (bulk == "auto" and is_postgres(session))
    if use_copy:
        copy_via_staging(session, model.__tablename__, target.columns, rows)
    elif len(rows):
        table = cast(Table, model.__table__)
        for start in range(0, len(rows), 50_000):  # a slice at a time: a million row dicts would take a gigabyte
            session.connection().execute(insert(table), _records(rows.iloc[start:start + 50_000]))
    loaded = session.scalar(select(func.count()).select_from(model).where(model.batch_id == batch_id))
    return int(loaded or 0)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows as dicts of plain Python values, a missing value as None (column by column: quicker
    than ``to_dict("records")``, which boxes value by value)."""
    columns = list(frame.columns)
    values = [frame[c].astype(object).where(frame[c].notna(), None).tolist() for c in columns]
    return [dict(zip(columns, row, strict=True)) for row in zip(*values, strict=True)]


def _csv_chunks(frame: pd.DataFrame, chunk_rows: int = COPY_CHUNK_ROWS) -> Iterator[bytes]:
    for start in range(0, len(frame), chunk_rows):
        buffer = io.StringIO()
        frame.iloc[start:start + chunk_rows].to_csv(buffer, header=False, index=False)
        yield buffer.getvalue().encode("utf-8")


def copy_via_staging(session: Session, table: str, columns: tuple[str, ...], frame: pd.DataFrame) -> None:
    """COPY ``frame`` into a temporary staging table, then one set-based insert into ``table``."""
    cols = ", ".join(columns)
    stage = f"stage_{table}"
    # Heavy: psycopg, loaded only when this runs.
    import psycopg

    connection = session.connection()
    raw = connection.connection.driver_connection  # psycopg.Connection, same transaction
    try:
        _copy(raw, table, stage, cols, frame)
    except psycopg.Error as exc:
        # Surface driver errors as SQLAlchemy's, like every other path of the loader.
        raise DBAPIError.instance(f"COPY into {table}", None, exc, psycopg.Error) from exc


def _copy(raw: Any, table: str, stage: str, cols: str, frame: pd.DataFrame) -> None:
    with raw.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(
            f"CREATE TEMP TABLE {stage} ON COMMIT DROP AS SELECT {cols} FROM {table} WITH NO DATA")
        with cursor.copy(f"COPY {stage} ({cols}) FROM STDIN (FORMAT csv)") as copy:
            for chunk in _csv_chunks(frame):
                copy.write(chunk)
        cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {stage}")
        cursor.execute(f"DROP TABLE {stage}")
