"""Identity numbers the press prints in unusual spellings (slashes, zero-width spaces between the
digits, a NIK in the page's address) never reach the warehouse: articles, figures, claims, crawl
state and outcomes, nor `pantau news extract`'s output."""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

from samples.site import SampleNewsSite, load_articles
from warehouse.db import get_engine

NIK = "1505042208786391"
# The number with anything but letters and digits (zero-width spaces included) between its digits.
NIK_ANYWHERE = re.compile(r"[^\w]{0,3}".join(NIK))
ZWSP = "\u200b"


def _serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, site: SampleNewsSite) -> None:
    from core.settings import reset_settings

    monkeypatch.setenv("PANTAU_SITES_FILE", str(site.write_registry(tmp_path / "sites.yaml")))
    monkeypatch.setenv("PANTAU_ALLOW_PRIVATE_ADDRESSES", "true")
    monkeypatch.setenv("PANTAU_CRAWL_RATE_PER_HOST", "100")
    reset_settings()


def test_nik_spellings_in_text_title_and_address_are_masked_everywhere_stored(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, warehouse_url: str) -> None:
    from pantau.tasks.news import crawl, process

    articles = [a for a in load_articles() if a.site != "sungaipenuh-today"]
    model = next(a for a in articles if a.site == "kabarjambi" and a.published.month == 6)
    slashed = "/".join(NIK[i:i + 4] for i in range(0, 16, 4))
    invisible = ZWSP.join(NIK)
    leaky = replace(model, slug=f"warga-{NIK}-bocor", title=f"Data warga NIK {slashed} beredar",
                    paragraphs=[f"Sebanyak 1.200 pekerja rentan di Kota Jambi terdaftar BPJS Ketenagakerjaan pada Juni "
                                f"2024, termasuk warga dengan NIK {invisible}.",
                                f"Sebanyak 300 pekerja dengan NIK {slashed} menerima bantuan iuran di Kota Jambi.",
                                *model.paragraphs])
    with SampleNewsSite(articles=[*articles, leaky]) as site:
        _serve(monkeypatch, tmp_path, site)
        summary = process(crawl(run_id="nik-forms"))
        shown = subprocess.run([sys.executable, "-m", "pantau.cli", "news", "extract", site.base_url + leaky.path,
                                "--format", "json"], capture_output=True, text=True, timeout=180)
    assert summary["articles"] == len(articles) + 1
    assert shown.returncode == 0, shown.stderr
    assert "<nik-redacted>" in shown.stdout and not NIK_ANYWHERE.search(shown.stdout + shown.stderr)
    with get_engine(warehouse_url).connect() as conn:
        stored = conn.execute(sa.text("SELECT url, canonical_url, title, text FROM news_article "
                                      "WHERE url LIKE '%warga-%'")).one()
        dumped = [str(v) for table in ("news_article", "news_mention", "news_figure", "news_crawl_state",
                                       "news_crawl_outcome", "audit_quarantine_row", "rpt_news_claim")
                  for row in conn.execute(sa.text(f"SELECT * FROM {table}")) for v in row]
        claim_urls = [r[0] for r in conn.execute(sa.text("SELECT article_url FROM rpt_news_claim WHERE article_url LIKE '%warga-%'"))]
        state = [r[0] for r in conn.execute(sa.text("SELECT url FROM news_crawl_state WHERE url LIKE '%warga-%'"))]
    assert stored.url.endswith("/warga-nik-redacted-bocor/") and "nik-redacted" in stored.canonical_url
    assert "<nik-redacted>" in stored.title and stored.text.count("<nik-redacted>") == 2
    assert claim_urls and all("nik-redacted" in u for u in claim_urls)
    assert state == [stored.url]
    assert not any(NIK_ANYWHERE.search(v) or ZWSP in v for v in dumped)
