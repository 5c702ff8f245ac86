"""Twelve more article page layouts for the labelled news set, modelled on how Indonesian portals are built.

Each one carries a trap that real pages set for extractors: class names that contain a boilerplate
word (``theiaStickySidebar``, ``elementor-widget-container``, ``selectionShareable``), bodies
written as text and ``<br>`` in a ``<div>``, AMP markup, a page wrapped in an ASP.NET ``<form>``,
photo pages whose story is in the captions, bodies split over sibling blocks between ads, bylines
and "Baca juga" boxes inside the body, and articles continued on ``?page=2``. The words around the
article (menus, banners, footers) are this project's own; the article text comes from
``samples/data/news_site/articles.yaml``.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

_MONTHS = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
           "November", "Desember")
_DAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _date_id(article: Any) -> str:
    when = article.published
    return f"{_DAYS[when.weekday()]}, {when.day} {_MONTHS[when.month - 1]} {when.year} {when:%H:%M} WIB"


def _page(head: str, body: str, *, lang: str = "id", amp: bool = False) -> str:
    return (f'<!DOCTYPE html>\n<html {"amp " if amp else ""}lang="{lang}"><head><meta charset="utf-8">{head}</head>'
            f"<body>{body}</body></html>")


def _popular(others: list[Any], css: str) -> str:
    items = "".join(f'<li><a href="{_e(a.path)}">{_e(a.title)}</a></li>' for a in others[:5])
    return f'<div class="{css}"><h4>Berita Populer</h4><ol>{items}</ol></div>'


def _related_title(others: list[Any]) -> tuple[str, str]:
    other = others[0] if others else None
    return (other.path, other.title) if other else ("#", "Kabar lain dari daerah")


def _halves(article: Any, page: int) -> tuple[list[str], bool]:
    """The paragraphs shown on ``page`` of a two-page article, and whether there is a second page."""
    paragraphs = article.paragraphs
    if len(paragraphs) < 4:
        return paragraphs, False
    half = (len(paragraphs) + 1) // 2
    return (paragraphs[:half] if page == 1 else paragraphs[half:]), True


def wp_sticky_sidebar(article: Any, others: list[Any], page: int) -> str:
    """WordPress news theme: the content column sits inside ``theiaStickySidebar`` and
    ``content-with-sidebar-wrp``; a "Baca Juga" box of links and an "Oleh" byline inside the body."""
    path, title = _related_title(others)
    body = [f"<p>{_e(article.paragraphs[0])}</p>",
            f'<div class="baca-juga-box"><span>Baca Juga</span><ul><li><a href="{_e(path)}">{_e(title)}</a></li>'
            f'<li><a href="/">Harga karet di tingkat petani kembali naik</a></li></ul></div>',
            *(f"<p>{_e(p)}</p>" for p in article.paragraphs[1:]),
            f"<p><em>Oleh: {_e(article.author)}</em></p>"]
    return _page(
        f"<title>{_e(article.title)} | Warta Batanghari</title>"
        f'<meta property="og:title" content="{_e(article.title)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">',
        f"""<div class="top-bar">Selamat datang di Warta Batanghari</div>
<header id="masthead"><div class="site-branding">Warta Batanghari</div><ul class="menu"><li><a href="/">Home</a></li>
<li><a href="/daerah/">Daerah</a></li></ul></header>
<div class="content-with-sidebar-wrp"><div class="theiaStickySidebar"><div id="primary" class="content-area">
<article class="post"><header class="entry-header"><h1 class="entry-title">{_e(article.title)}</h1>
<span class="posted-on">{_date_id(article)}</span></header>
<div class="entry-content">{"".join(body)}</div>
<footer class="entry-footer"><span class="tags-links">Tag: {", ".join(_e(t) for t in article.tags)}</span></footer>
</article></div></div>
<div id="secondary" class="sidebar">{_popular(others, "widget widget_recent")}</div></div>
<footer id="colophon">Warta Batanghari &copy; 2024. Kebijakan privasi | Pedoman media siber</footer>""")


def div_br_legacy(article: Any, others: list[Any], page: int) -> str:
    """An older portal template: the story is text and ``<br><br>`` inside one ``<div>``, no ``<p>``;
    "Pewarta" and "Editor" lines and a copyright notice close it."""
    text = "<br><br>\n".join(_e(p) for p in article.paragraphs)
    return _page(
        f"<title>{_e(article.title)} - Antar Jambi</title>",
        f"""<table width="100%"><tr><td class="logo">ANTAR JAMBI</td><td class="topmenu"><a href="/">Depan</a> |
<a href="/ekonomi">Ekonomi</a> | <a href="/daerah">Daerah</a></td></tr></table>
<div id="content"><div class="judul"><h1>{_e(article.title)}</h1></div>
<div class="tanggal">{_date_id(article)}</div>
<div class="isi_berita" id="isi">{text}<br><br>
Pewarta: {_e(article.author)}<br>Editor: Redaksi<br><br>COPYRIGHT &copy; ANTAR JAMBI 2024</div>
<div class="berita-terkait"><b>Berita Terkait</b><br><a href="/">Dinas sosial salurkan bantuan beras</a><br>
<a href="/">Musim hujan, warga diminta waspada banjir</a></div></div>
<div class="footer">Redaksi | Iklan | Kontak | Karir</div>""")


def amp_portal(article: Any, others: list[Any], page: int) -> str:
    """An AMP page: ``amp-img`` and ``amp-ad`` between paragraphs, "Penulis | Editor" above the body, a
    signature in brackets and "Simak berita terbaru" and a list of "Baca juga" links below it."""
    path, title = _related_title(others)
    body = []
    for index, paragraph in enumerate(article.paragraphs):
        text = _e(paragraph)
        if index == len(article.paragraphs) - 1:
            text += f" (Jambiterkini.com/{_e(article.author)})"
        body.append(f"<p>{text}</p>")
        if index == 0:
            body.append('<amp-ad width="300" height="250" type="doubleclick" data-slot="/1/amp_mid"></amp-ad>')
    body += ["<p>Simak berita terbaru Jambiterkini.com di Google News</p>",
             f'<p>Baca juga: <a href="{_e(path)}">{_e(title)}</a></p>',
             '<p>Baca juga: <a href="/">Jadwal pemadaman listrik di Kota Jambi pekan ini</a></p>']
    return _page(
        f'<title>{_e(article.title)}</title><link rel="canonical" href="{_e(article.path)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        '<style amp-custom>body{font-family:sans-serif}</style>',
        f"""<header class="amp-header"><a href="/">Jambiterkini.com</a></header>
<amp-sidebar id="menu" layout="nodisplay"><a href="/">Beranda</a><a href="/bisnis">Bisnis</a></amp-sidebar>
<div class="amp-crumb">Home &raquo; {_e(article.section)}</div>
<h1 class="amp-title">{_e(article.title)}</h1>
<div class="amp-author">Penulis: {_e(article.author)} | Editor: Redaksi</div>
<amp-img src="/foto/utama.jpg" width="640" height="360" layout="responsive"></amp-img>
<div class="amp-caption">Suasana kantor cabang | foto: istimewa</div>
<div class="txt-article">{"".join(body)}</div>
<div class="amp-comment-note">Isi komentar sepenuhnya tanggung jawab pengguna.</div>
<footer class="amp-footer">&copy; 2024 Jambiterkini.com</footer>""", amp=True)


def photo_captions(article: Any, others: list[Any], page: int) -> str:
    """A photo page: one photo per paragraph, the story told in the captions; a short credit beside each."""
    figures = "".join(
        f'<figure class="foto-item"><img src="/galeri/{index}.jpg" alt=""><figcaption><p>{_e(p)}</p>'
        f'<span class="kredit">Foto: Redaksi</span></figcaption></figure>'
        for index, p in enumerate(article.paragraphs, start=1))
    return _page(
        f'<title>FOTO: {_e(article.title)}</title><meta property="og:title" content="{_e(article.title)}">'
        f'<meta property="og:type" content="article"><meta name="author" content="{_e(article.author)}">',
        f"""<nav class="navbar"><a href="/">Foto</a> <a href="/video">Video</a> <a href="/berita">Berita</a></nav>
<div class="galeri-wrap"><h1>{_e(article.title)}</h1><div class="galeri-meta">{_date_id(article)}</div>
<div class="galeri">{figures}</div><div class="galeri-nav"><a href="#">Sebelumnya</a> <a href="#">Berikutnya</a></div></div>
{_popular(others, "foto-terpopuler")}
<footer>Galeri Jambi &copy; 2024</footer>""")


def paged_next(article: Any, others: list[Any], page: int) -> str:
    """A portal that continues the story on ``?page=2``: numbered links and "Selanjutnya" under each part."""
    chunk, paged = _halves(article, page)
    paging = ""
    if paged:
        paging = (f'<div class="paging"><span>Halaman</span> <a class="paging__link" href="{_e(article.path)}?page=1">1'
                  f'</a> <a class="paging__link" href="{_e(article.path)}?page=2">2</a> '
                  + (f'<a class="paging__next" href="{_e(article.path)}?page=2">Selanjutnya</a>' if page == 1 else "")
                  + "</div>")
    body = "".join(f"<p>{_e(p)}</p>" for p in chunk)
    return _page(
        f'<title>{_e(article.title)} Halaman {page} - Kabar Tebo</title>'
        f'<meta property="og:title" content="{_e(article.title)}">'
        f'<meta name="content_PublishedDate" content="{article.published:%Y-%m-%d %H:%M:%S}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">',
        f"""<div class="nav-top"><a href="/">Kabar Tebo</a> <a href="/regional">Regional</a></div>
<div class="read__header"><h1 class="read__title">{_e(article.title)}</h1>
<div class="read__time">Kabar Tebo - {article.published:%d/%m/%Y, %H:%M} WIB</div>
<div class="read__author">Penulis {_e(article.author)}</div></div>
<div class="read__content"><div class="clearfix">{body}</div>{paging}</div>
<div class="read__tag">Tag: {" ".join(_e(t) for t in article.tags)}</div>
{_popular(others, "most__wrap")}
<div class="footer">Kabar Tebo &copy; 2024</div>""")


def blogspot(article: Any, others: list[Any], page: int) -> str:
    """A Blogger template: the post body is ``<span>``s and ``<br>``s inside ``post-body entry-content``."""
    text = "<br><br>".join(f'<span style="font-family: arial;">{_e(p)}</span>' for p in article.paragraphs)
    return _page(
        f"<title>Jambi Pos Daring: {_e(article.title)}</title>",
        f"""<div class="header-outer"><h1 class="title">Jambi Pos Daring</h1><p class="description">Kabar dari
pelosok Jambi</p></div>
<div class="main-inner"><div class="date-header"><span>{_date_id(article)}</span></div>
<div class="post hentry"><h3 class="post-title entry-title">{_e(article.title)}</h3>
<div class="post-body entry-content" id="post-body-8812">{text}</div>
<div class="post-footer">Diposting oleh <span class="fn">{_e(article.author)}</span> di
<a class="timestamp-link" href="#">{article.published:%H.%M}</a> <a href="#">Tidak ada komentar</a></div></div>
<div class="blog-pager"><a class="blog-pager-newer-link" href="/">Posting Lebih Baru</a>
<a class="home-link" href="/">Beranda</a></div></div>
<div class="sidebar-wrapper">{_popular(others, "widget PopularPosts")}<div class="widget Label">Label: Daerah,
Ekonomi</div></div>""")


def aspnet_form(article: Any, others: list[Any], page: int) -> str:
    """A government portal on ASP.NET: the whole page is one ``<form>``; the news body is in a placeholder."""
    body = "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    return _page(
        f"<title>Berita - {_e(article.title)}</title>",
        f"""<form method="post" action="./Berita.aspx?id=2231" id="form1"><div class="aspNetHidden">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="dDwtMTA4MjY1OTQ0MTs7Pg=="></div>
<div id="header"><img src="/logo.png" alt="Pemerintah Provinsi"> <span>PORTAL RESMI PEMERINTAH DAERAH</span></div>
<div id="menu"><a href="/">Beranda</a> <a href="/Profil.aspx">Profil</a> <a href="/Berita.aspx">Berita</a></div>
<div id="ContentPlaceHolder1_pnlBerita" class="berita-detail">
<span id="ContentPlaceHolder1_lblJudul" class="judul-berita">{_e(article.title)}</span><br>
<span id="ContentPlaceHolder1_lblTanggal" class="tgl">{_date_id(article)}</span>
<div id="ContentPlaceHolder1_lblIsi" class="isi">{body}</div>
<span id="ContentPlaceHolder1_lblSumber">Sumber: Biro Humas</span></div>
<div id="footer">Hak Cipta &copy; 2024 Pemerintah Daerah. Dikelola Dinas Komunikasi dan Informatika.</div></form>""")


def elementor(article: Any, others: list[Any], page: int) -> str:
    """A WordPress page built with Elementor: every block is an ``elementor-widget-container``."""
    body = "".join(f"<p>{_e(p)}</p>" for p in article.paragraphs)
    return _page(
        f'<title>{_e(article.title)} &#8211; Sarolangun Satu</title>'
        f'<meta property="og:title" content="{_e(article.title)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">',
        f"""<div class="elementor elementor-location-header"><div class="elementor-widget-container">
<a href="/">Sarolangun Satu</a> <a href="/kabar">Kabar</a> <a href="/opini">Opini</a></div></div>
<div class="elementor elementor-location-single"><section class="elementor-section">
<div class="elementor-widget elementor-widget-theme-post-title"><div class="elementor-widget-container">
<h1 class="elementor-heading-title">{_e(article.title)}</h1></div></div>
<div class="elementor-widget elementor-widget-post-info"><div class="elementor-widget-container">
<span class="elementor-post-info__item--type-author">{_e(article.author)}</span>
<span class="elementor-post-info__item--type-date">{article.published:%d/%m/%Y}</span></div></div>
<div class="elementor-widget elementor-widget-theme-post-content"><div class="elementor-widget-container">{body}</div></div>
<div class="elementor-widget elementor-widget-share-buttons"><div class="elementor-widget-container">
<span>Bagikan:</span> <a href="#">Facebook</a> <a href="#">WhatsApp</a></div></div>
</section></div>
<div class="elementor elementor-location-footer"><div class="elementor-widget-container">Sarolangun Satu &copy; 2024
&middot; Tentang kami &middot; Kontak</div></div>""")


def detail_shareable(article: Any, others: list[Any], page: int) -> str:
    """A national portal's detail page: ``selectionShareable`` body, a "Baca juga" link table inside it,
    ``author-and-share`` and ``abmenu`` wrappers, an ad slot asking to scroll."""
    path, title = _related_title(others)
    first, rest = article.paragraphs[0], article.paragraphs[1:]
    return _page(
        f'<title>{_e(article.title)}</title><meta name="dtk:author" content="{_e(article.author)}">'
        f'<meta name="publishdate" content="{article.published:%Y/%m/%d %H:%M:%S}">',
        f"""<div class="abmenu"><a href="/">Berita</a> <a href="/finance">Finance</a> <a href="/sumbagsel">Sumbagsel</a></div>
<article class="detail"><div class="detail__header"><h1 class="detail__title">{_e(article.title)}</h1>
<div class="author-and-share"><div class="detail__author">{_e(article.author)} - detikSumbagsel</div>
<div class="detail__date">{_date_id(article)}</div><div class="share-box">Bagikan</div></div></div>
<div class="detail__body itp_bodycontent_wrapper"><div class="detail__body-text itp_bodycontent selectionShareable">
<p>{_e(first)}</p><table class="linksisip"><tr><td><div class="lihatjg"><strong>Baca juga:</strong>
<a href="{_e(path)}">{_e(title)}</a></div></td></tr></table>
<div class="parallaxindetail">ADVERTISEMENT<br>SCROLL TO CONTINUE WITH CONTENT</div>
{"".join(f"<p>{_e(p)}</p>" for p in rest)}</div>
<div class="detail__body-tag"><a href="#">{_e(article.tags[0]) if article.tags else "berita"}</a></div></div></article>
{_popular(others, "box_terpopuler")}
<div class="footer">detikSumbagsel &copy; 2024</div>""")


def split_blocks(article: Any, others: list[Any], page: int) -> str:
    """A body split over sibling blocks (one ``<div class="paragraph">`` a paragraph) with ads between them."""
    blocks = []
    for index, paragraph in enumerate(article.paragraphs):
        blocks.append(f'<div class="paragraph inline-placeholder"><p>{_e(paragraph)}</p></div>')
        if index % 2 == 0:
            blocks.append('<div class="ad-slot ad-feature">Iklan</div>')
    return _page(
        f'<title>{_e(article.title)} - Kabar Kerinci</title>'
        f'<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{_e(article.title)}", '
        f'"datePublished": "{article.published.isoformat()}", "author": {{"name": "{_e(article.author)}"}}}}</script>',
        f"""<div class="header-wrap"><div class="logo">Kabar Kerinci</div><div class="main-nav">Beranda Politik
Ekonomi Wisata</div></div>
<div class="l-container"><h1 class="pg-headline">{_e(article.title)}</h1>
<div class="metadata"><span class="metadata__byline">Oleh {_e(article.author)}</span></div>
<section class="zn-body__paragraph-wrap">{"".join(blocks)}</section>
<div class="zn-body__read-more"><h3>Kabar lainnya</h3><ul><li><a href="/">Wisata danau makin ramai</a></li>
<li><a href="/">Kopi Kerinci masuk pasar ekspor</a></li></ul></div></div>
<div class="cookie-consent">Situs ini memakai kuki untuk menyimpan preferensi Anda. <button>Setuju</button></div>
<footer class="page-footer">Kabar Kerinci &copy; 2024</footer>""")


def antara_style(article: Any, others: list[Any], page: int) -> str:
    """A wire-service page: "Pewarta" at the top, a ``contentImageCaption`` inside the body, a
    "Baca selengkapnya" link and an "Editor" line after it."""
    first, rest = article.paragraphs[0], article.paragraphs[1:]
    return _page(
        f'<title>{_e(article.title)} - Kantor Berita Daerah</title>'
        f'<meta property="og:title" content="{_e(article.title)}">'
        f'<meta name="author" content="{_e(article.author)}">',
        f"""<div class="main-menu"><a href="/">Terkini</a> <a href="/berita/ekonomi">Ekonomi</a></div>
<div class="wrap__article-detail"><h1 class="wrap__article-detail-title">{_e(article.title)}</h1>
<div class="wrap__article-detail-info"><span class="text-secondary">{_date_id(article)}</span></div>
<div class="wrap__article-detail-content post-content"><p>Pewarta: {_e(article.author)}</p>
<div class="wrap__article-detail-image"><img src="/foto.jpg" alt="">
<p class="contentImageCaption">Petugas melayani peserta di loket pelayanan. ANTARA/Dok</p></div>
<p>{_e(first)}</p>{"".join(f"<p>{_e(p)}</p>" for p in rest)}
<p>Baca selengkapnya: <a href="/">Layanan klaim kini bisa lewat aplikasi</a></p>
<p class="text-muted">Editor: Redaksi</p><p class="text-muted">COPYRIGHT &copy; 2024</p></div></div>
<div class="terpopuler">{_popular(others, "list-popular")}</div>
<footer>Kantor Berita Daerah</footer>""")


def wp_jannah(article: Any, others: list[Any], page: int) -> str:
    """A WordPress magazine theme: ``post-share``, inline "BACA JUGA :" paragraphs in bold, a
    ``meta-author`` line, and "Penulis" and "Editor" lines closing the body."""
    path, title = _related_title(others)
    body = []
    for index, paragraph in enumerate(article.paragraphs):
        body.append(f"<p>{_e(paragraph)}</p>")
        if index == 0:
            body.append(f'<p><strong>BACA JUGA : <a href="{_e(path)}">{_e(title)}</a></strong></p>')
        if index == 1 and len(article.paragraphs) > 2:
            body.append('<p><strong>Baca Juga: <a href="/">Pasar murah digelar di tujuh kecamatan</a></strong></p>')
    body += [f"<p>Penulis: {_e(article.author)}<br>Editor: Redaksi</p>"]
    return _page(
        f'<title>{_e(article.title)} - Tanjab Ekspres</title>'
        f'<meta property="og:title" content="{_e(article.title)}">'
        f'<meta property="article:published_time" content="{article.published.isoformat()}">'
        f'<meta property="article:section" content="{_e(article.section)}">',
        f"""<div id="tie-wrapper"><nav id="main-nav"><ul class="menu"><li><a href="/">Beranda</a></li>
<li><a href="/tanjab-barat/">Tanjab Barat</a></li><li><a href="/tanjab-timur/">Tanjab Timur</a></li></ul></nav>
<div id="content" class="site-content container"><div class="tie-row main-content-row">
<div class="main-content tie-col-md-8"><article id="the-post" class="container-wrapper post-content">
<header class="entry-header-outer"><div class="entry-header"><span class="post-cat-wrap">{_e(article.section)}</span>
<h1 class="post-title entry-title">{_e(article.title)}</h1><div class="post-meta"><span class="meta-author">
<a href="#">{_e(article.author)}</a></span><span class="date meta-item">{article.published:%d/%m/%Y}</span></div></div></header>
<div id="share-buttons-top" class="post-share share-buttons-top"><a href="#">Facebook</a> <a href="#">X</a></div>
<div class="entry-content entry clearfix">{"".join(body)}</div>
<div class="post-bottom-meta post-bottom-tags">Tags: {" ".join(_e(t) for t in article.tags)}</div>
</article><div id="related-posts" class="container-wrapper"><h4>Artikel Terkait</h4>
<a href="{_e(path)}">{_e(title)}</a></div></div>
<aside class="sidebar tie-col-md-4">{_popular(others, "widget posts-list")}</aside></div></div>
<footer id="footer">Tanjab Ekspres &copy; 2024 | Redaksi | Pedoman Media Siber</footer></div>""")


LAYOUTS: dict[str, Callable[[Any, list[Any], int], str]] = {
    "wp_sticky_sidebar": wp_sticky_sidebar, "div_br_legacy": div_br_legacy, "amp_portal": amp_portal,
    "photo_captions": photo_captions, "paged_next": paged_next, "blogspot": blogspot,
    "aspnet_form": aspnet_form, "elementor": elementor, "detail_shareable": detail_shareable,
    "split_blocks": split_blocks, "antara_style": antara_style, "wp_jannah": wp_jannah,
}
MULTI_PAGE = frozenset({"paged_next"})
