"""Data a migration seeds, read from its frozen file: ``warehouse/migrations/seeds/<revision>.yaml``.

A migration's data is frozen with it, as its views are (``view_files``): the file holds the rows as
they stood when the revision was written and is never edited. Keeping them out of the revision's
code keeps the first government's facts (Provinsi Jambi's regions, denominators, target) out of the
code that builds every warehouse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SEEDS_DIR = Path(__file__).resolve().parent / "seeds"


def seed_data(revision: str) -> dict[str, Any]:
    """The frozen data of ``revision``."""
    data: dict[str, Any] = yaml.safe_load((SEEDS_DIR / f"{revision}.yaml").read_text(encoding="utf-8"))
    return data
