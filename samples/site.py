"""The bundled synthetic Jambi news site network, served by a real HTTP server on 127.0.0.1.

Four fictional outlets, each in its own page layout (a classic WordPress theme with
``article:published_time``; a "newspaper" theme with ``<time>`` and share widgets; a custom
CMS with only Indonesian date text and multi-page articles; a portal with JSON-LD), each with
a home page, paginated section listings, RSS, a sitemap and a news sitemap; one robots.txt for
the host. Pages answer conditional GETs (ETag, Last-Modified). Faults for crawler tests live
under ``/__fault/``: ``slow``, ``429``, ``500``, ``reset``, ``oversize``, ``wrong-charset``,
``redirect-loop``, ``offsite`` and ``private`` (disallowed by robots.txt).

Run it alone with ``python -m samples.site --port 8765``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import yaml

from samples.layouts import LAYOUTS as MORE_LAYOUTS

ARTICLES_FILE = Path(__file__).resolve().parent / "data" / "news_site" / "articles.yaml"
SITES = {
    "kabarjambi": ("KabarJambi", "wp_classic"),
    "batanghari-pos": ("Batanghari Pos", "wp_newspaper"),
    "sungaipenuh-today": ("Sungai Penuh Today", "custom_cms"),
    "tebo-news": ("Tebo News", "jsonld_portal"),
}
PER_PAGE = 3


@dataclass
class SiteArticle:
    slug: str
    site: str
    section: str
    title: str
    author: str
    published: datetime
    tags: list[str]
    paragraphs: list[str]
    figures: list[dict[str, Any]] = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"/{self.site}/{self.published:%Y/%m/%d}/{self.slug}/"


def load_articles(path: Path = ARTICLES_FILE) -> list[SiteArticle]:
    items = yaml.safe_load(path.read_text(encoding="utf-8"))
    articles = []
    for item in items:
        published = item["published"]
        if isinstance(published, str):
            published = datetime.fromisoformat(published)
        articles.append(SiteArticle(item["slug"], item["site"], item["section"], item["title"], item["author"],
                                    published, list(item.get("tags", [])), list(item["paragraphs"]),
                                    list(item.get("figures") or [])))
    return sorted(articles, key=lambda a: a.published, reverse=True)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _chrome(site: str, title: str, head: str, main: str, others: list[SiteArticle]) -> str:
    name = SITES[site][0]
    popular = "".join(f'<li><a href="{_e(a.path)}">{_e(a.title)}</a></li>' for a in others[:4])
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{_e(title)} - {_e(name)}</title>
<meta property="og:site_name" content="{_e(name)}">{head}</head>
<body><header class="site-header"><div class="logo">{_e(name)}</div>
<nav class="main-menu"><a href="/{site}/">Beranda</a> <a href="/{site}/kategori/daerah/">Daerah</a>
<a href="/{site}/kategori/ekonomi/">Ekonomi</a> <a href="/{site}/search?q=bpjs">Cari</a></nav></header>
<div class="ads ads-top">Pasang iklan di {_e(name)}: hubungi 0741-123456</div>
{main}
<aside class="sidebar"><div class="widget popular"><h3>Terpopuler</h3><ol>{popular}</ol></div>
<div class="widget newsletter">Berlangganan berita harian kami lewat surel.</div></aside>
<footer class="site-footer"><p>&copy; 2024 {_e(name)}. Seluruh hak cipta dilindungi. Redaksi | Pedoman Media Siber |
Kontak</p></footer></body></html>"""


def _insert_related(paragraphs: list[str], related: SiteArticle | None, style: str) -> list[str]:
    blocks = [f"<p>{_e(p)}</p>" for p in paragraphs]
    if related is not None and len(blocks) > 1:
        label = {"wp_classic": "BACA JUGA", "wp_newspaper": "Baca juga", "custom_cms": "Simak juga",
                 "jsonld_portal": "Baca Juga"}[style]
        blocks.insert(1, f'<p><strong>{label}:</strong> <a href="{_e(related.path)}">{_e(related.title)}</a></p>')
    return blocks


def render_article(article: SiteArticle, others: list[SiteArticle], page: int = 1,
                   layout: str | None = None) -> tuple[str, str]:
    """The article page (HTML, and its content type) in its site's layout (or ``layout``)."""
    style = layout or SITES[article.site][1]

    if style in MORE_LAYOUTS:
        return MORE_LAYOUTS[style](article, others, page), "text/html; charset=utf-8"
    related = next((a for a in others if a.slug != article.slug), None)
    head, main = _ARTICLE_LAYOUTS[style](article, related, _parts(article, related), page, style)
    return _chrome(article.site, article.title, head, main, others), "text/html; charset=utf-8"


class _Parts(NamedTuple):
    """The pieces every layout's article page carries: canonical link, tags, share, comments, related."""

    canonical: str
    tags: str
    share: str
    comments: str
    related_box: str


def _parts(article: SiteArticle, related: SiteArticle | None) -> _Parts:
    canonical = f'<link rel="canonical" href="{_e(article.path)}">'
    tags = "".join(f'<a rel="tag" href="/{article.site}/tag/{_e(t.lower().replace(" ", "-"))}/">{_e(t)}</a> '
                   for t in article.tags)
    share = '<div class="share-buttons"><a href="#">Bagikan ke Facebook</a> <a href="#">Twitter</a> ' \
            '<a href="#">WhatsApp</a></div>'
    comments = '<section class="comments"><h3>Komentar</h3><p>Belum ada komentar. Jadilah yang pertama ' \
               'berkomentar tentang berita ini di kolom yang tersedia.</p></section>'
    related_box = f'<div class="related-posts"><h3>Berita Terkait</h3><ul><li><a href="{_e(related.path) if related else "#"}">' \
                  f'{_e(related.title) if related else ""}</a></li></ul></div>'
    return _Parts(canonical, tags, share, comments, related_box)


def _wp_classic(article: SiteArticle, related: SiteArticle | None, parts: _Parts, page: int,
                style: str) -> tuple[str, str]:
    when = article.published
    head = (f'{parts.canonical}<meta property="og:title" content="{_e(article.title)}">'
            f'<meta property="article:published_time" content="{when.isoformat()}">'
            f'<meta property="article:section" content="{_e(article.section)}">'
            + "".join(f'<meta property="article:tag" content="{_e(t)}">' for t in article.tags)
            + f'<meta name="author" content="{_e(article.author)}">')
    body = "".join(_insert_related(article.paragraphs, related, style))
    main = f"""<main id="content"><article class="post type-post">
<div class="breadcrumb"><a href="/{article.site}/">Beranda</a> » {_e(article.section)}</div>
<h1 class="entry-title">{_e(article.title)}</h1>
<div class="entry-meta">Oleh <span class="author vcard">{_e(article.author)}</span> · {when:%d/%m/%Y %H:%M} WIB</div>
{parts.share}<figure class="wp-caption"><img src="/img/foto.jpg" alt=""><figcaption class="wp-caption-text">Ilustrasi.
Foto: Dok. {_e(SITES[article.site][0])}</figcaption></figure>
<div class="entry-content">{body}</div><div class="tags-links">Tag: {parts.tags}</div></article>
{parts.related_box}{parts.comments}</main>"""
    return head, main


def _wp_newspaper(article: SiteArticle, related: SiteArticle | None, parts: _Parts, page: int,
                  style: str) -> tuple[str, str]:
    when = article.published
    head = f'{parts.canonical}<meta property="og:title" content="{_e(article.title)}">'
    body = "".join(_insert_related(article.paragraphs, related, style))
    main = f"""<div class="td-main-content"><div class="td-post-header">
<ul class="td-category"><li><a href="/{article.site}/kategori/{article.section.lower()}/">{_e(article.section)}</a></li></ul>
<h1 class="td-post-title">{_e(article.title)}</h1>
<div class="td-module-meta-info"><div class="td-post-author-name">Penulis: <a href="#">{_e(article.author)}</a></div>
<time class="entry-date" datetime="{when.isoformat()}">{when:%d %B %Y}</time></div></div>
{parts.share}<div class="td-post-content tagdiv-type">{body}
<div class="td-a-rec td-a-rec-id-content_bottom">Advertisement</div></div>
<div class="td-post-source-tags"><ul class="td-tags"><li>{parts.tags}</li></ul></div>
{parts.related_box}{parts.comments}</div>"""
    return head, main


def _custom_cms(article: SiteArticle, related: SiteArticle | None, parts: _Parts, page: int,
                style: str) -> tuple[str, str]:
    when = article.published
    months = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
              "Oktober", "November", "Desember")
    days = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    date_text = f"{days[when.weekday()]}, {when.day} {months[when.month - 1]} {when.year} {when:%H:%M} WIB"
    half = (len(article.paragraphs) + 1) // 2 if len(article.paragraphs) >= 4 else len(article.paragraphs)
    chunk = article.paragraphs[:half] if page == 1 else article.paragraphs[half:]
    paging = ""
    if half < len(article.paragraphs):
        paging = (f'<div class="halaman"><a href="{_e(article.path)}?page=1">1</a> '
                  f'<a href="{_e(article.path)}?page=2">Halaman 2</a></div>' if page == 1 else
                  f'<div class="halaman"><a href="{_e(article.path)}?page=1">Halaman 1</a> 2</div>')
    body = "".join(_insert_related(chunk, related if page == 1 else None, style))
    main = f"""<div class="wrap"><div class="kanal">{_e(article.section)}</div>
<div class="judul"><h1>{_e(article.title)}</h1></div>
<div class="tgl">{date_text}</div><div class="penulis">Penulis: {_e(article.author)} | Editor: Redaksi</div>
<div class="isi-berita">{body}<p class="editor">Editor: Redaksi</p></div>{paging}
<div class="berita-lain"><h3>Berita Lainnya</h3><a href="{_e(related.path) if related else '#'}">Lainnya</a></div></div>"""
    head = parts.canonical
    return head, main


def _jsonld_portal(article: SiteArticle, related: SiteArticle | None, parts: _Parts, page: int,
                 style: str) -> tuple[str, str]:
    when = article.published
    ld = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": article.title,
          "datePublished": when.isoformat(), "author": {"@type": "Person", "name": article.author},
          "articleSection": article.section, "keywords": article.tags}
    body = "".join(_insert_related(article.paragraphs, related, style))
    ld_text = json.dumps(ld, ensure_ascii=False).replace("</", "<\\/")  # as sites escape it inside <script>
    head = f'{parts.canonical}<script type="application/ld+json">{ld_text}</script>'
    main = f"""<section class="read__content-wrap"><div class="read__header"><h1 class="read__title">{_e(article.title)}</h1>
<div class="read__info">Redaksi {_e(SITES[article.site][0])}</div></div>
<div class="photo"><img src="/img/a.jpg" alt=""><div class="photo__caption">Foto: istimewa</div></div>
<div class="lazy-ad" data-slot="inread">Iklan</div>
<div class="read__content">{body}</div>{parts.share}{parts.related_box}</section>"""
    return head, main


_ARTICLE_LAYOUTS: dict[str, Callable[[SiteArticle, SiteArticle | None, _Parts, int, str], tuple[str, str]]] = {
    "wp_classic": _wp_classic, "wp_newspaper": _wp_newspaper, "custom_cms": _custom_cms,
    "jsonld_portal": _jsonld_portal}


class SampleNewsSite:
    """The site network on an ephemeral loopback port; a context manager."""

    def __init__(self, port: int = 0, articles: list[SiteArticle] | None = None,
                 extra_pages: dict[str, Callable[[int], str]] | None = None) -> None:
        self.articles = articles if articles is not None else load_articles()
        # Pages without an article at article addresses, listed in the sitemap (path -> HTML by times served).
        self.extra_pages = dict(extra_pages or {})
        self.extra_served: dict[str, int] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        self.served: list[tuple[str, int]] = []  # (path, status) of every response
        self.fault_counts: dict[str, int] = {}
        self._lock = threading.Lock()
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # quiet
                return

            def do_GET(self) -> None:
                with site._lock:
                    site.requests.append(("GET", self.path, dict(self.headers.items())))
                try:
                    site._handle(self)
                except (BrokenPipeError, ConnectionResetError):
                    self.close_connection = True  # the client gave up (e.g. a size cap): nothing to do

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        # A short poll interval: shutting down (end of every test that serves the site) takes 50 ms, not 500.
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def site_urls(self) -> dict[str, str]:
        return {name: f"{self.base_url}/{name}/" for name in SITES}

    def __enter__(self) -> SampleNewsSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def article_bodies_served(self) -> list[str]:
        """Paths of article pages served with a body (a 304 carries none)."""
        paths = {a.path for a in self.articles}
        return [p for (p, status) in self.served if status == 200 and p.split("?")[0] in paths]

    def write_registry(self, path: Path) -> Path:
        """A site registry (extractors/news format) pointing at this server."""

        sites = [{"name": name, "base_url": url, "feeds": ["feed/"], "sitemaps": ["sitemap.xml", "news-sitemap.xml"],
                  "sections": ["kategori/daerah/", "kategori/ekonomi/"], "allowed_hosts": ["127.0.0.1"],
                  "article_pattern": rf"/{name}/\d{{4}}/\d{{2}}/\d{{2}}/[^/]+/$"}
                 for name, url in self.site_urls().items()]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump({"sites": sites}, sort_keys=False), encoding="utf-8")
        return path

    # --- responses -------------------------------------------------------------------------------

    def _send(self, handler: BaseHTTPRequestHandler, status: int, body: bytes, content_type: str,
              headers: dict[str, str] | None = None, last_modified: datetime | None = None) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        modified = format_datetime(last_modified, usegmt=False) if last_modified else None
        if status == 200 and (handler.headers.get("If-None-Match") == etag or (
                modified and handler.headers.get("If-Modified-Since") == modified)):
            with self._lock:
                self.served.append((handler.path, 304))
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        with self._lock:
            self.served.append((handler.path, status))
        handler.send_response(status)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        if status == 200:
            handler.send_header("ETag", etag)
            if modified:
                handler.send_header("Last-Modified", modified)
        for key, value in (headers or {}).items():
            handler.send_header(key, value)
        handler.end_headers()
        handler.wfile.write(body)

    def _handle(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        path, query = parts.path, parse_qs(parts.query)
        if path.startswith("/__fault/"):
            self._fault(handler, path.removeprefix("/__fault/"), query)
            return
        if path == "/robots.txt":
            rules = "User-agent: *\nDisallow: /private/\nDisallow: /__fault/private\n" + "".join(
                f"Disallow: /{name}/search\n" for name in SITES)
            self._send(handler, 200, rules.encode(), "text/plain; charset=utf-8")
            return
        if path in self.extra_pages:
            with self._lock:
                self.extra_served[path] = self.extra_served.get(path, 0) + 1
                served = self.extra_served[path]
            self._send(handler, 200, self.extra_pages[path](served).encode(), "text/html; charset=utf-8")
            return
        segments = [s for s in path.split("/") if s]
        if not segments or segments[0] not in SITES:
            self._send(handler, 404, b"<h1>404</h1>", "text/html; charset=utf-8")
            return
        site, rest = segments[0], segments[1:]
        own = [a for a in self.articles if a.site == site]
        page = int(query.get("page", ["1"])[0]) if query.get("page", ["1"])[0].isdigit() else 1
        if rest == ["feed"]:
            self._send(handler, 200, self._rss(site, own).encode(), "application/rss+xml; charset=utf-8")
        elif rest == ["sitemap.xml"]:
            extra = [p for p in self.extra_pages if p.startswith(f"/{site}/")]
            self._send(handler, 200, self._sitemap(own, news=False, extra_paths=extra).encode(), "application/xml")
        elif rest == ["news-sitemap.xml"]:
            self._send(handler, 200, self._sitemap(own, news=True).encode(), "application/xml")
        elif not rest or rest[0] == "kategori":
            section = rest[1] if len(rest) > 1 else None
            chosen = [a for a in own if section is None or a.section.lower() == section]
            self._send(handler, 200, self._listing(site, chosen, page, path).encode(), "text/html; charset=utf-8")
        else:
            article = next((a for a in own if a.path == path), None)
            if article is None:
                self._send(handler, 404, b"<h1>Halaman tidak ditemukan</h1>", "text/html; charset=utf-8")
                return
            others = [a for a in self.articles if a.slug != article.slug]
            body, content_type = render_article(article, others, page)
            self._send(handler, 200, body.encode("utf-8"), content_type, last_modified=article.published)

    def _listing(self, site: str, articles: list[SiteArticle], page: int, path: str) -> str:
        start = (page - 1) * PER_PAGE
        items = "".join(f'<li><a href="{_e(a.path)}">{_e(a.title)}</a> <span class="tanggal">'
                        f'{a.published:%d/%m/%Y}</span></li>' for a in articles[start:start + PER_PAGE])
        nav = f'<a rel="next" href="{_e(path)}?page={page + 1}">Berikutnya</a>' \
            if start + PER_PAGE < len(articles) else ""
        return _chrome(site, "Indeks Berita", "", f'<main><ul class="indeks">{items}</ul>{nav}</main>', [])

    def _rss(self, site: str, articles: list[SiteArticle]) -> str:
        items = "".join(f"<item><title>{_e(a.title)}</title><link>{self.base_url}{_e(a.path)}</link>"
                        f"<pubDate>{format_datetime(a.published)}</pubDate></item>" for a in articles)
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>{_e(SITES[site][0])}'
                f"</title>{items}</channel></rss>")

    def _sitemap(self, articles: list[SiteArticle], *, news: bool, extra_paths: list[str] | None = None) -> str:
        ns = ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"' if news else ""
        entries = [f"<url><loc>{self.base_url}{_e(path)}</loc></url>" for path in extra_paths or []]
        for a in articles:
            extra = (f"<news:news><news:publication_date>{a.published.isoformat()}</news:publication_date>"
                     f"<news:title>{_e(a.title)}</news:title></news:news>") if news else \
                f"<lastmod>{a.published.isoformat()}</lastmod>"
            entries.append(f"<url><loc>{self.base_url}{_e(a.path)}</loc>{extra}</url>")
        return (f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
                f'{ns}>{"".join(entries)}</urlset>')

    def _fault(self, handler: BaseHTTPRequestHandler, name: str, query: dict[str, list[str]]) -> None:
        with self._lock:
            self.fault_counts[name] = self.fault_counts.get(name, 0) + 1
            seen = self.fault_counts[name]
        times = int(query.get("times", ["2"])[0])
        page = "<html><body><article><p>" + "Isi berita percobaan yang cukup panjang. " * 10 + "</p></article>" \
               "</body></html>"
        if name == "slow":
            time.sleep(float(query.get("seconds", ["2"])[0]))
            self._send(handler, 200, page.encode(), "text/html; charset=utf-8")
        elif name == "429":
            if seen <= times:
                self._send(handler, 429, b"too many", "text/plain", {"Retry-After": query.get("after", ["1"])[0]})
            else:
                self._send(handler, 200, page.encode(), "text/html; charset=utf-8")
        elif name == "500":
            if seen <= times:
                self._send(handler, 500, b"error", "text/plain")
            else:
                self._send(handler, 200, page.encode(), "text/html; charset=utf-8")
        elif name == "reset":
            handler.send_response(200)
            handler.send_header("Content-Type", "text/html")
            handler.send_header("Content-Length", "100000")
            handler.end_headers()
            handler.wfile.write(b"<html><body>partial")
            handler.wfile.flush()
            handler.close_connection = True
            handler.connection.shutdown(socket.SHUT_RDWR)
        elif name == "oversize":
            self._send(handler, 200, b"<html><body>" + b"x" * 6_000_000 + b"</body></html>", "text/html")
        elif name == "wrong-charset":
            text = "<html><body><p>Pekerja rentan di Kabupaten Kerinci menerima santunan – " \
                   "“resmi” dibayarkan.</p></body></html>"
            self._send(handler, 200, text.encode("cp1252"), "text/html; charset=utf-8")
        elif name == "redirect-loop":
            self._send(handler, 302, b"", "text/plain", {"Location": "/__fault/redirect-loop"})
        elif name == "offsite":
            self._send(handler, 302, b"", "text/plain", {"Location": "http://evil.invalid/steal"})
        elif name == "private":
            self._send(handler, 200, page.encode(), "text/html; charset=utf-8")
        else:
            self._send(handler, 404, b"no such fault", "text/plain")


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the bundled synthetic news site on 127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--registry", type=Path, default=None,
                        help="also write a site registry pointing at this server (for PANTAU_SITES_FILE)")
    args = parser.parse_args()
    with SampleNewsSite(port=args.port) as site:
        if args.registry:
            site.write_registry(args.registry)
            print(f"site registry for PANTAU_SITES_FILE: {args.registry.resolve()}", flush=True)
        print(f"serving {site.base_url} ({', '.join(SITES)}); Ctrl-C to stop", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
