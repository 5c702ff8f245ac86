"""The governments whose deployments write to one warehouse (``ref_government``, migration 0019)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from warehouse.base import Base


class RefGovernment(Base):
    """A government whose deployment writes to this warehouse, as its configuration file says (migration 0019).

    Written by the deployment itself when it opens a batch; the national roll-up reads it to know what
    each government pays from (its own funding source) and what its coverage is measured against."""

    __tablename__ = "ref_government"
    government_code: Mapped[str] = mapped_column(String(8), primary_key=True)  # Kemendagri, "15" or "64.09"
    name: Mapped[str] = mapped_column(String(120))
    level: Mapped[str] = mapped_column(String(16))  # province | regency | city
    own_funding_source_code: Mapped[str] = mapped_column(String(16))
    denominator_measure: Mapped[str | None] = mapped_column(String(32))
    main_programme: Mapped[str] = mapped_column(String(40))
    programme_set: Mapped[str] = mapped_column(String(32))
    monthly_contribution_idr: Mapped[int] = mapped_column(Integer)
    configuration_sha256: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
