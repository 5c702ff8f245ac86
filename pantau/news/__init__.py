"""The news service, beside the coverage ingest service (:mod:`pantau.ingest`), in three parts:

1. **crawling** (:mod:`pantau.news.crawling`): fetch the registered sites politely, archive every
   page under its checksum, open a news batch (``crawled``) and write its manifest of pages, with
   each page's validators (ETag, Last-Modified);
2. **processing** (:mod:`pantau.news.processing`, :mod:`pantau.news.checks`,
   :mod:`pantau.news.loading`): build each article from its pages (continuation pages fetched and
   archived too), mask identity numbers, analyse it (mentions; figures with their claims), refuse
   alone a page the warehouse cannot hold, validate with Great Expectations, then load articles,
   DQ results, quarantine rows, page outcomes, the pages' crawl state and the batch status in one
   transaction. Crawl state is saved only there: a batch that fails leaves none behind, so the
   next crawl fetches its pages again;
3. **reading** (:mod:`pantau.news.reading`): search stored articles; the CLI's ``extract``.

The batch's lifecycle (crawled → received under a lease → published | rejected | failed) is kept
in :class:`pantau.news.batch.NewsBatch`. The Airflow task bodies and the CLI call ``crawl`` and
``process_batch`` (through :mod:`pantau.tasks.news`).
"""

from pantau.news.checks import drop_failed
from pantau.news.crawling import CrawlSummary, crawl, fetch_through, manifest_path, polite_crawler
from pantau.news.processing import NewsRunSummary, analyse_text, process_batch
from pantau.news.reading import extract_one, search

__all__ = ["CrawlSummary", "NewsRunSummary", "analyse_text", "crawl", "drop_failed", "extract_one", "fetch_through",
           "manifest_path", "polite_crawler", "process_batch", "search"]
