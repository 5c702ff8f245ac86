"""The news monitor into the warehouse (SQLite and PostgreSQL) and through its Airflow DAG."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from pantau.sample_site import SampleNewsSite
from warehouse.db import get_engine


@pytest.fixture
def news_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SampleNewsSite]:
    from pantau.settings import reset_settings

    with SampleNewsSite() as site:
        monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
        monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
        monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
        reset_settings()
        yield site


def _count(url: str, sql: str) -> int:
    with get_engine(url).connect() as conn:
        return int(conn.execute(sa.text(sql)).scalar() or 0)


def test_crawl_load_and_recrawl(news_site: SampleNewsSite, warehouse_url: str) -> None:
    from pantau.tasks.news import crawl, process

    first = process(crawl(run_id="one").batch_id)
    assert (first["articles"], first["inserted"], first["clusters"]) == (12, 12, 1)
    assert first["implausible_figures"] >= 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == 12
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article WHERE is_canonical = FALSE") == 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_mention WHERE key = 'BPJS_TK'") >= 8
    # The health-insurance story names no BPJS Ketenagakerjaan programme.
    assert _count(warehouse_url, """SELECT COUNT(*) FROM news_mention m JOIN news_article a
                                     ON a.article_id = m.article_id
                                     WHERE a.title LIKE 'BPJS Kesehatan%' AND m.kind = 'programme'""") == 0
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_figure WHERE plausible = FALSE") >= 1
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_crawl_state") >= 12
    served = len(news_site.article_bodies_served())
    again = process(crawl(run_id="two").batch_id)
    assert (again["articles"], again["inserted"]) == (0, 0)
    assert len(news_site.article_bodies_served()) == served  # no article body downloaded again
    assert _count(warehouse_url, "SELECT COUNT(*) FROM news_article") == 12


@pytest.mark.airflow
@pytest.mark.slow
def test_news_monitor_dag(news_site: SampleNewsSite, airflow_db: Path, sqlite_url: str) -> None:
    from airflow.dag_processing.dagbag import DagBag

    from tests.conftest import DAGS_FOLDER

    dag = DagBag(dag_folder=str(DAGS_FOLDER)).get_dag("news_monitor")
    run = dag.test(run_conf={"since": "2024-06-01", "until": "2024-06-30"})
    assert run.state == "success"
    june = {a.path for a in news_site.articles if a.published.month == 6}
    assert _count(sqlite_url, "SELECT COUNT(*) FROM news_article") == len(june)
    assert os.environ["PANTAU_ALLOW_PRIVATE_ADDRESSES"] == "true"
