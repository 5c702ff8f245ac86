"""Which government a deployment writes for, recorded in the warehouse several governments may share.

A deployment serves one government (:func:`core.government.current`); every batch and fact it writes
carries that government's Kemendagri code (``government_code``), and its government is recorded in
``ref_government`` as its configuration says: the name, the funding source it pays from, the
denominator its coverage is measured against, its main programme and that programme's monthly
contribution. The national roll-up (``reports.national``) reads those rows to compare governments; a
deployment's own checks (a file seen before, a file that replaces another) look at its own batches only.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from core.government import Government, current
from core.settings import get_settings
from warehouse.db import session_scope
from warehouse.government_model import RefGovernment
from warehouse.models import RefProgrammeTarget


def government_code() -> str:
    """The Kemendagri code of the government this deployment writes for ("15", "64.09")."""
    return current().code


def government_row(government: Government) -> dict[str, Any]:
    """The ``ref_government`` row of a government's configuration."""
    main = government.main_programme
    return {
        "government_code": government.code, "name": government.name, "level": government.level,
        "own_funding_source_code": government.own_funding_source,
        "denominator_measure": government.denominators[0].measure if government.denominators else None,
        "main_programme": main.code, "programme_set": main.programmes,
        "monthly_contribution_idr": main.monthly_contribution_idr,
        "configuration_sha256": hashlib.sha256(government.model_dump_json().encode()).hexdigest(),
        "registered_at": datetime.now(UTC)}


def target_rows(government: Government, file_name: str) -> list[dict[str, Any]]:
    """The ``ref_programme_target`` rows of the government's official targets (people, and rupiah when given)."""
    rows: list[dict[str, Any]] = []
    for programme in government.programmes:
        for target in programme.targets:
            measures = [("participants", target.participants, "orang")]
            if target.contributions_idr:
                measures.append(("contributions_idr", target.contributions_idr, "rupiah"))
            rows.extend({
                "series": target.series, "measure": measure, "series_version": target.version,
                "programme": programme.code, "funding_source_code": programme.funding_source,
                "segment_code": programme.segment, "programme_set": programme.programmes,
                "region_code": government.code, "year": target.year, "value": value, "unit": unit,
                "publisher": target.source.publisher, "document": target.source.document,
                "document_verified": target.source.document_verified, "source_url": target.source.url or None,
                "retrieved_on": target.source.retrieved, "file_name": file_name} for measure, value, unit in measures)
    return rows


def _upsert(session: Session, model: Any, rows: list[dict[str, Any]], keys: list[str], *, update: bool = True) -> None:
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    for row in rows:
        statement = insert(model).values(**row)
        session.execute(statement.on_conflict_do_update(
            index_elements=keys, set_={k: statement.excluded[k] for k in row if k not in keys})
            if update else statement.on_conflict_do_nothing(index_elements=keys))


def register(session: Session, government: Government | None = None) -> str:
    """Record (or bring up to date) the government's row in ``ref_government``, and add its official targets
    that ``ref_programme_target`` does not hold yet (a target series loaded from its reference file stays as
    loaded); returns its code."""
    government = government or current()
    _upsert(session, RefGovernment, [government_row(government)], ["government_code"])
    _upsert(session, RefProgrammeTarget, target_rows(government, f"governments/{get_settings().government_file.name}"),
            ["series", "measure"], update=False)
    return government.code


def register_current(engine: Engine) -> str:
    with session_scope(engine) as session:
        return register(session)
