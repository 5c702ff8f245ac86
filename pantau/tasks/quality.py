"""The task body both DAGs share: Great Expectations' Data Docs rebuilt from its stores."""

from __future__ import annotations

from core.settings import get_settings
from pantau.tasks import task_body


@task_body
def rebuild_data_docs() -> str:
    """Rebuild the Data Docs site (``bpjs_coverage`` after its loads, ``accountability_report`` before its
    reports, which copy it offline beside themselves); returns the path of its index page."""
    from expectations.runner import rebuild_data_docs as rebuild

    return str(rebuild(get_settings().gx_dir))
