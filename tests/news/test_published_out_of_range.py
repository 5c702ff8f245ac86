"""A page stating a publication time no calendar here holds (year 9999, or past next year) is refused
by `pantau news extract` with exit 2, naming the page and where it states the time; a date merely
printed in the text is no publication time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PANTAU = Path(sys.executable).parent / "pantau"
URL = "https://kabarjambi.example/berita/2024/06/iuran-pekerja-rentan"
BODY = ("<h1>Bantuan iuran BPJS untuk pekerja rentan</h1><p>Pemerintah Provinsi Jambi membayar iuran BPJS "
        "Ketenagakerjaan untuk 118.875 pekerja rentan dengan anggaran Rp 23,96 miliar dari APBD provinsi melalui "
        "program BKBK.</p><p>Kepala dinas mengatakan program berjalan di seluruh kabupaten dan kota, termasuk "
        "Kerinci dan Merangin, dan akan diteruskan.</p>")


def _page(head: str, body_extra: str = "") -> str:
    return (f"<html><head><title>Bantuan iuran</title>{head}</head><body><article>{BODY}{body_extra}"
            "</article></body></html>")


@pytest.mark.parametrize(("head", "where"), [
    ('<meta property="article:published_time" content="9999-12-31T23:59:59-05:00">', "meta published time"),
    ('<meta property="article:published_time" content="9999-12-31T23:59:59+07:00">', "meta published time"),
    ('<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "9999-01-01"}</script>',
     "JSON-LD datePublished"),
    ("", "a <time datetime> attribute"),
])
def test_an_impossible_publication_time_is_refused_naming_its_field(tmp_path: Path, head: str, where: str) -> None:
    extra = '<time datetime="9999-12-31">31 Desember 9999</time>' if not head else ""
    saved = tmp_path / "page.html"
    saved.write_text(_page(head, extra), encoding="utf-8")
    done = subprocess.run([str(PANTAU), "news", "extract", str(saved), "--url", URL], capture_output=True,
                          text=True, timeout=180)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    line = next(line for line in done.stderr.splitlines() if line.startswith("rejected:"))
    assert line.startswith(f"rejected: {URL}: the published date '9999") and where in line and "out of range" in line


def test_a_far_date_in_the_text_is_not_a_publication_time(tmp_path: Path) -> None:
    saved = tmp_path / "page.html"
    saved.write_text(_page('<meta property="article:published_time" content="2024-06-14T08:00:00+07:00">',
                           "<p>Rencana jangka panjang sampai 31 Desember 9999 tidak dibahas.</p>"), encoding="utf-8")
    done = subprocess.run([str(PANTAU), "news", "extract", str(saved), "--url", URL, "--format", "json"],
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert '"published_at": "2024-06-14T08:00:00+07:00"' in done.stdout
