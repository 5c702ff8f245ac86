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
from warehouse.db import session_scope
from warehouse.government_model import RefGovernment


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


def register(session: Session, government: Government | None = None) -> str:
    """Record (or bring up to date) the government's row in ``ref_government``; returns its code."""
    row = government_row(government or current())
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(RefGovernment).values(**row)
    session.execute(statement.on_conflict_do_update(
        index_elements=["government_code"],
        set_={k: statement.excluded[k] for k in row if k != "government_code"}))
    return str(row["government_code"])


def register_current(engine: Engine) -> str:
    with session_scope(engine) as session:
        return register(session)
