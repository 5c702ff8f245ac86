"""The site registry (YAML): which sites are crawled, where their feeds and sitemaps are."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import yaml

DEFAULT_ARTICLE_PATTERN = r"/\d{4}/\d{2}/\d{2}/[^/]+/?$|/read/\d+|/berita/[^/]+\.html?$|-\d{5,}/?$"


@dataclass(frozen=True)
class SiteProfile:
    name: str
    base_url: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    allowed_hosts: tuple[str, ...] = ()
    article_pattern: str = DEFAULT_ARTICLE_PATTERN
    hints: dict[str, Any] = field(default_factory=dict)

    def url(self, relative: str) -> str:
        return urljoin(self.base_url, relative)

    def allows_host(self, url: str) -> bool:
        host = urlsplit(url).hostname or ""
        return host in (self.allowed_hosts or (urlsplit(self.base_url).hostname or "",))


def load_sites(path: Path | None = None, *, overrides: dict[str, Any] | None = None) -> list[SiteProfile]:
    """Profiles from a registry file (default: the government's own); ``{base_url}`` is substituted."""

    from core.government import current

    path = path or current().path(current().news_sites_file)
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    profiles = []
    for entry in data.get("sites", []):
        entry = {**entry, **((overrides or {}).get(entry["name"], {}))}
        base = str(entry["base_url"])
        profiles.append(SiteProfile(
            name=str(entry["name"]), base_url=base if base.endswith("/") else base + "/",
            feeds=tuple(entry.get("feeds", ())), sitemaps=tuple(entry.get("sitemaps", ())),
            sections=tuple(entry.get("sections", ())),
            allowed_hosts=tuple(entry.get("allowed_hosts", ()) or (urlsplit(base).hostname or "",)),
            article_pattern=str(entry.get("article_pattern") or DEFAULT_ARTICLE_PATTERN),
            hints=dict(entry.get("hints") or {})))
    return profiles
