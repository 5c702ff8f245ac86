"""A folder that travels: one period's output (report, regency pages, index, workbook, CSV, audit pages,
Data Docs) is a self-contained folder whose every link still resolves after it is copied elsewhere, as
when it is mailed; the report links its workbook and CSV."""

from __future__ import annotations

import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit


def _links(page: Path) -> list[tuple[str, str]]:
    """(attribute, address) of every link and embedded resource of a page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
    found = []
    for tag in soup.find_all(True):
        for attribute in ("href", "src"):
            value = tag.get(attribute)
            if isinstance(value, str) and value.strip():
                found.append((attribute, value.strip()))
    return found


def _ids(page: Path) -> set[str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(page.read_text(encoding="utf-8", errors="replace"), "html.parser")
    return {str(tag["id"]) for tag in soup.find_all(id=True)} | {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}


def test_a_copied_period_folder_resolves_every_link(sample_month: Path, tmp_path: Path) -> None:
    from pantau.tasks.quality import rebuild_data_docs
    from pantau.tasks.report import build, build_index

    rebuild_data_docs()
    build("2024-05")
    paths = build("2024-06")
    build_index()
    folder = Path(paths["html"]).parent
    copy = tmp_path / "dikirim" / "laporan-juni"
    shutil.copytree(folder, copy)
    shutil.rmtree(folder.parent)  # nothing of the original left to lean on

    report = copy / Path(paths["html"]).name
    hrefs = [v for _a, v in _links(report)]
    for name in (Path(paths["xlsx"]).name, Path(paths["csv"]).name, "index.html"):
        assert name in hrefs, name
    assert any(v.startswith("wilayah/") for v in hrefs) and any(v.startswith("jejak-audit/") for v in hrefs)

    pages = sorted(copy.rglob("*.html"))
    assert len(pages) > 20
    broken = []
    checked = 0
    for page in pages:
        for attribute, value in _links(page):
            parts = urlsplit(value)
            if parts.scheme in ("http", "https", "mailto", "data"):
                continue  # the press articles and sources the report cites, outside by nature
            assert parts.scheme == "" and not value.startswith("/"), (page, value)  # never absolute
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            checked += 1
            if not target.is_relative_to(copy.resolve()) or not target.exists():
                broken.append(f"{page.relative_to(copy)}: {attribute}={value}")
            elif parts.fragment and target.suffix == ".html" and parts.fragment not in _ids(target):
                broken.append(f"{page.relative_to(copy)}: {value} (no #{parts.fragment})")
    assert checked > 200
    assert broken == []
