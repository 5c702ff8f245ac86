"""The news site registry, validated offline: real outlets (no placeholders), a schema every entry
keeps, discovery paths that look reachable, and article patterns that match the outlet's own
URL shape and none of its discovery pages. No request leaves the machine."""

from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from extractors.news.registry import load_sites

REGISTRY = Path(__file__).resolve().parents[2] / "reference" / "news" / "jambi-sites.yaml"
PLACEHOLDERS = Path(__file__).resolve().parents[1] / "fixtures" / "placeholder_sites.yaml"
ENTRIES: list[dict[str, Any]] = yaml.safe_load(REGISTRY.read_text(encoding="utf-8"))["sites"]
KINDS = {"news_agency", "regional_daily", "online_portal", "regency_portal"}
REGION_NAMES = {"Kerinci", "Merangin", "Sarolangun", "Batanghari", "Muaro Jambi", "Tanjung Jabung Barat",
                "Tanjung Jabung Timur", "Bungo", "Tebo", "Kota Jambi", "Kota Sungai Penuh"}
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost", ".local")
_RELATIVE_PATH = re.compile(r"^[a-z0-9][a-z0-9._/-]*$")


def _registered_domain(host: str) -> str:
    labels = host.split(".")
    # Two-level public suffixes seen in the registry (co.id, go.id, or.id, ac.id, web.id).
    if len(labels) >= 3 and labels[-2] in ("co", "go", "or", "ac", "web", "my", "sch"):
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def test_registry_lists_at_least_fifteen_real_outlets_of_every_kind() -> None:
    sites = load_sites(REGISTRY)
    assert len(sites) >= 15
    assert len({s.name for s in sites}) == len(sites)
    assert len({urlsplit(s.base_url).hostname for s in sites}) == len(sites)
    assert {e["kind"] for e in ENTRIES} == KINDS
    assert any(e["covers"] != "province" for e in ENTRIES)  # regency portals name their regencies


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_entry_schema_and_plausible_paths(entry: dict[str, Any]) -> None:
    assert set(entry) <= {"name", "outlet", "kind", "covers", "base_url", "feeds", "sitemaps", "sections",
                          "allowed_hosts", "article_pattern", "article_path_example", "hints"}
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", entry["name"])
    assert entry["outlet"].strip() and entry["kind"] in KINDS
    covers = entry["covers"]
    assert covers == "province" or (isinstance(covers, list) and covers and set(covers) <= REGION_NAMES)

    base = urlsplit(entry["base_url"])
    host = base.hostname or ""
    assert base.scheme == "https" and base.path == "/" and not base.query and not base.port
    assert "." in host and not host.endswith(RESERVED_SUFFIXES) and host != "localhost"
    with pytest.raises(ValueError):
        ipaddress.ip_address(host)  # a name, never an address

    allowed = entry["allowed_hosts"]
    assert host in allowed and len(set(allowed)) == len(allowed)
    for other in allowed:
        assert not other.endswith(RESERVED_SUFFIXES)
        # Redirects stay with the outlet: its own domain, or a sibling domain of the same paper.
        assert _registered_domain(other) == _registered_domain(host) or entry["kind"] == "regional_daily"

    discovery = [*entry.get("feeds", []), *entry.get("sitemaps", []), *entry.get("sections", [])]
    assert discovery, "an outlet needs at least one feed, sitemap or section listing"
    for path in discovery:
        assert _RELATIVE_PATH.fullmatch(path) and ".." not in path and "//" not in path, path
    for path in entry.get("sitemaps", []):
        assert path.endswith(".xml"), path
    for path in entry.get("feeds", []):
        assert path in ("feed/",) or path.startswith("rss/") or path.endswith((".xml", "/feed/")), path
    if "feed/" in entry.get("feeds", []):  # a WordPress site: its core sitemap
        assert "wp-sitemap.xml" in entry["sitemaps"]


@pytest.mark.parametrize("entry", ENTRIES, ids=[e["name"] for e in ENTRIES])
def test_article_pattern_matches_articles_and_not_discovery_pages(entry: dict[str, Any]) -> None:
    pattern = re.compile(entry["article_pattern"])
    example = entry["article_path_example"]
    assert example.startswith("/") and pattern.search(example)
    for path in ["/", *(f"/{p}" for p in [*entry.get("feeds", []), *entry.get("sitemaps", []),
                                           *entry.get("sections", [])]),
                 "/tag/bpjs-ketenagakerjaan/", "/category/daerah/", "/page/2/", "/wp-content/uploads/2024/06/a.jpg"]:
        assert not pattern.search(path), path


def test_placeholders_live_only_in_the_test_fixtures() -> None:
    assert ".example" not in REGISTRY.read_text(encoding="utf-8")
    placeholders = load_sites(PLACEHOLDERS)
    assert placeholders and all(urlsplit(s.base_url).hostname.endswith(".example") for s in placeholders)  # type: ignore[union-attr]
