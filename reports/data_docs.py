"""An offline copy of the Great Expectations Data Docs beside each report, linked relatively.

GX 1.x writes Data Docs pages that load Bootstrap, jQuery, Font Awesome and Vega from public
CDNs (GX does not bundle them, and has declined to on its tracker), and
its index page builds its table of validations with a script. Sent on or opened without network,
the pages are unstyled and the index is empty. So the copy made here:

- holds every page of the site (``validations/``, ``expectations/``, ``static/``) under
  ``<report folder>/data-docs/``, so that the report's links are relative and travel with it;
- has every remote ``<link>``, ``<script src>`` and ``<img src>`` removed and a local stylesheet in their place
  (GX's own packaged ``data_docs_default_styles.css``, which the site already carries, plus
  ``static/styles/pantau-offline.css`` written here);
- gets an index of its own, plain HTML in Indonesian: one link per validation page.
"""

from __future__ import annotations

import os
import re
import shutil
from html import escape
from pathlib import Path

FOLDER = "data-docs"
_REMOTE_LINK = re.compile(r"<link\b[^>]*\bhref=\"https?://[^\"]*\"[^>]*>", re.IGNORECASE)
_REMOTE_SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>", re.IGNORECASE)
_REMOTE_IMAGE = re.compile(r"<img\b[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>", re.IGNORECASE)
_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>.*?</script>", re.IGNORECASE | re.DOTALL)

OFFLINE_CSS = """
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: #1d2733; margin: 0 auto;
       max-width: 1180px; padding: 16px 24px; font-size: 14px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; }
th, td { border-bottom: 1px solid #d9dee4; padding: 4px 8px; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
th { background: #eef2f6; }
.card { border: 1px solid #d9dee4; border-radius: 6px; margin: 10px 0; padding: 8px 12px; }
.navbar, .ge-breadcrumbs, nav { margin-bottom: 12px; }
.collapse, .tab-pane { display: block !important; }
.d-none { display: none; }
.text-success, .fa-check-circle { color: #3a9d5d; } .text-danger, .fa-times { color: #b5475f; }
img { max-width: 160px; }
pre, code { white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; }
ul { padding-left: 20px; }
footer { display: none; }
"""


def _offline(html: str, depth: int) -> str:
    up = "../" * depth
    html = _REMOTE_LINK.sub("", html)
    html = _REMOTE_SCRIPT.sub("", html)
    html = _REMOTE_IMAGE.sub("", html)  # GX's logo, fetched with the data context's id in its query
    html = _INLINE_SCRIPT.sub("", html)  # they drive the removed libraries
    sheet = (f'<link rel="stylesheet" href="{up}static/styles/data_docs_default_styles.css">'
             f'<link rel="stylesheet" href="{up}static/styles/pantau-offline.css">')
    return html.replace("</head>", sheet + "</head>", 1) if "</head>" in html else sheet + html


def publish(site: Path, report_dir: Path) -> Path | None:
    """Copy the Data Docs ``site`` (GX's ``local_site``) into ``report_dir/data-docs``, offline.

    Returns the copy's index page, or None when GX has built no Data Docs yet.
    """
    if not site.is_dir():
        return None
    target = report_dir / FOLDER
    staging = report_dir / f".{FOLDER}.part"
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(site, staging)
    (staging / "static" / "styles").mkdir(parents=True, exist_ok=True)
    (staging / "static" / "styles" / "pantau-offline.css").write_text(OFFLINE_CSS, encoding="utf-8")
    pages = []
    for page in sorted(staging.rglob("*.html")):
        relative = page.relative_to(staging)
        page.write_text(_offline(page.read_text(encoding="utf-8"), len(relative.parts) - 1), encoding="utf-8")
        if relative.parts[0] in ("validations", "expectations"):
            pages.append(relative)
    (staging / "index.html").write_text(_index(pages), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    staging.replace(target)
    return target / "index.html"


def _index(pages: list[Path]) -> str:
    validations = [p for p in pages if p.parts[0] == "validations"]
    suites = [p for p in pages if p.parts[0] == "expectations"]

    def item(page: Path, text: str) -> str:
        return f'<li><a href="{escape(page.as_posix())}">{escape(text)}</a></li>'

    rows = "".join(item(p, f"{p.parts[1]} · {p.parts[2] if len(p.parts) > 2 else ''}") for p in validations)
    rules = "".join(item(p, p.stem) for p in suites)
    return ("<!DOCTYPE html><html lang=\"id\"><head><meta charset=\"utf-8\"><title>Data Docs Pantau</title>"
            '<link rel="stylesheet" href="static/styles/pantau-offline.css"></head><body>'
            "<h1>Data Docs: hasil pemeriksaan mutu data</h1>"
            "<p>Salinan luring dari Data Docs Great Expectations: setiap pemeriksaan per batch, dan aturan "
            "pemeriksaannya. Dapat dibuka tanpa jaringan.</p>"
            f"<h2>Hasil pemeriksaan per batch</h2><ul>{rows}</ul><h2>Aturan pemeriksaan</h2><ul>{rules}</ul>"
            "</body></html>")


def relative_link(url: str | None, site: Path, report_dir: Path) -> str | None:
    """A ``file://`` URL inside the GX site as a link relative to the report, into its offline copy."""
    if not url:
        return None
    prefix = site.resolve().as_uri().rstrip("/") + "/"
    if not url.startswith(prefix):
        return None
    inside = url[len(prefix):]
    if not (report_dir / FOLDER / inside).exists():
        return None
    return f"{FOLDER}/{inside}"


def relative_index(index: Path | None, report_dir: Path) -> str | None:
    if index is None:
        return None
    return Path(os.path.relpath(index, report_dir)).as_posix()
