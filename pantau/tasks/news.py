"""Task bodies of the ``news_monitor`` DAG: each calls one step of the news service (:mod:`pantau.news`)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from pantau.tasks import task_body


@task_body
def crawl(*, site: str | None = None, since: str | None = None, until: str | None = None,
          max_pages: int | None = None, run_id: str | None = None) -> int:
    """Crawl the registered sites and archive the pages; returns the news batch id."""
    from pantau import news

    return news.crawl(site=site, since=since, until=until, max_pages=max_pages, run_id=run_id).batch_id


@task_body
def process(batch_id: int) -> dict[str, Any]:
    """Build, analyse, validate and load the batch's articles (continuation pages fetched politely)."""
    from pantau import news

    fetch_more = news.fetch_through(news.polite_crawler())
    return asdict(news.process_batch(batch_id, fetch_more=fetch_more))
