"""DAG parameters shared by Pantau's DAGs, defined once.

DAG files import this at top level, so it imports nothing but the Airflow SDK.
"""

from __future__ import annotations

from airflow.sdk import Param

PERIOD_PATTERN = r"^\d{4}-\d{2}$"


def period_param(default_means: str) -> Param:
    """The optional ``period`` (YYYY-MM) of a run; ``default_means`` says what an empty one stands for."""
    return Param(None, type=["null", "string"], pattern=PERIOD_PATTERN,
                 description=f"Month YYYY-MM (default: {default_means})")
