"""The sample pipeline as the demo runs it, for the report's language and layout tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_DIR


@pytest.fixture
def sample_month(sqlite_url: str, isolated_settings: Path, tmp_path: Path,
                 monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """The whole sample pipeline, as the demo runs it; yields the reports folder."""
    from core.settings import get_settings, reset_settings
    from pantau.ingest import ingest_file
    from pantau.reference import load_reference_file
    from pantau.tasks.news import crawl, process
    from samples.site import SampleNewsSite
    from warehouse.reference import REFERENCE_DIR

    for path in sorted((SAMPLE_DIR / "coverage").iterdir()):
        if path.suffix in (".csv", ".xlsx"):
            assert ingest_file(path).status == "published"
    for path in sorted((REFERENCE_DIR / "workforce").glob("*.yaml")):
        load_reference_file(path)
    for path in sorted((SAMPLE_DIR / "open_data").iterdir()):
        if path.suffix in (".csv", ".xlsx"):
            assert ingest_file(path, source_name="satu-data-sample").status == "published"
    with SampleNewsSite() as site:
        monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
        monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
        monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
        reset_settings()
        process(crawl(run_id="language"))
    yield get_settings().reports_dir
