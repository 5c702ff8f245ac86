"""Other stories' headlines never reach an article's body, wherever the page puts them.

The pages are written here, in this project's own words, after the way Indonesian portals lay out
their boxes of other stories: a "Berita Terkait" list closing the story, "Baca Juga" links between
its paragraphs, a "Terpopuler" column beside it, a "Berita Lainnya" grid of teaser cards (headline
and summary), and headline links dropped into the body without a label. Every teaser carries figures;
the figure extraction run on the body must find the story's figures and none of theirs.
"""

from __future__ import annotations

import pytest

from transforms.article import extract_article
from transforms.figures import extract_figures

STORY = [
    "Pemerintah Kabupaten Muaro Jambi mendaftarkan 1.250 pekerja rentan sebagai peserta BPJS "
    "Ketenagakerjaan pada Juli 2024, kata kepala dinas tenaga kerja setempat.",
    "Iuran sebesar Rp 450 juta dibayar dari anggaran daerah, sehingga buruh tani dan nelayan terlindungi "
    "dari risiko kecelakaan kerja dan kematian selama setahun.",
    "Cakupan kepesertaan di kabupaten itu naik menjadi 38 persen, dari 31 persen pada awal tahun, "
    "menurut catatan kantor cabang di Sengeti.",
    "Pendaftaran gelombang berikutnya dibuka untuk pedagang pasar tradisional mulai bulan depan, "
    "dengan syarat cukup membawa kartu tanda penduduk.",
]
HEADLINES = [
    ("/ekonomi/ihsg-sore-turun", "IHSG Sore Ini Turun 0,22% ke Posisi 8.925"),
    ("/ekonomi/likuiditas-bank", "Bank Sentral Suntikkan Likuiditas Rp 2,1 Triliun ke Perbankan"),
    ("/daerah/harga-cabai", "Harga Cabai di Pasar Angso Duo Tembus Rp 85 Ribu per Kilogram"),
    ("/daerah/kemiskinan-turun", "Angka Kemiskinan Provinsi Turun Jadi 7,1 Persen"),
    ("/daerah/honorer-belum-terdaftar", "3.400 Tenaga Honorer Belum Terdaftar Jaminan Sosial"),
]
SUMMARY = ("Realisasi kredit usaha rakyat di provinsi itu mencapai Rp 1,3 triliun hingga Juni, naik 12 persen "
           "dibanding periode yang sama tahun lalu.")
URL = "https://kabar-sengeti.test/daerah/2024/07/15/muaro-jambi-daftarkan-pekerja-rentan/"


def _links(items: list[tuple[str, str]]) -> str:
    return "".join(f'<li><a href="{href}">{title}</a></li>' for href, title in items)


def _paragraphs(paragraphs: list[str]) -> str:
    return "".join(f"<p>{p}</p>" for p in paragraphs)


def _page(main: str, aside: str = "") -> str:
    return ("<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
            "<title>Muaro Jambi Daftarkan 1.250 Pekerja Rentan - Kabar Sengeti</title>"
            "<meta property='og:type' content='article'></head><body>"
            "<div class='topbar'><a href='/'>Beranda</a> <a href='/daerah/'>Daerah</a> <a href='/ekonomi/'>Ekonomi</a></div>"
            f"<div class='wrap'><div class='col-8'><h1>Muaro Jambi Daftarkan 1.250 Pekerja Rentan</h1>{main}</div>"
            f"<div class='col-4'>{aside}</div></div>"
            "<footer class='foot'>Kabar Sengeti, media siber lokal. Redaksi | Pedoman Media Siber</footer></body></html>")


def closing_related_list() -> str:
    """A "Berita Terkait" list of headlines closing the story, inside the same container."""
    box = f"<div class='box-3'><div class='judul-box'>Berita Terkait</div><ul>{_links(HEADLINES)}</ul></div>"
    return _page(f"<div class='detail-text'>{_paragraphs(STORY)}{box}</div>")


def inline_baca_juga() -> str:
    """"Baca Juga" links between the story's paragraphs: a bold label in a paragraph, and a small table."""
    first = f"<p><strong>Baca Juga:</strong> <a href='{HEADLINES[0][0]}'>{HEADLINES[0][1]}</a></p>"
    table = (f"<table><tr><td><b>BACA JUGA</b></td></tr><tr><td><a href='{HEADLINES[1][0]}'>{HEADLINES[1][1]}</a>"
             "</td></tr></table>")
    body = (f"<p>{STORY[0]}</p>{first}<p>{STORY[1]}</p><p>{STORY[2]}</p>{table}<p>{STORY[3]}</p>")
    return _page(f"<div class='isi'>{body}</div>")


def popular_column() -> str:
    """A "Terpopuler" column beside the story: numbered headlines, the first one with its summary."""
    items = "".join(f"<li><span class='no'>{i + 1}</span><a href='{href}'>{title}</a>"
                    + (f"<p>{SUMMARY}</p>" if i == 0 else "") + "</li>" for i, (href, title) in enumerate(HEADLINES))
    aside = f"<div class='box-widget'><h3>Terpopuler</h3><ol>{items}</ol></div>"
    return _page(f"<div class='isi'>{_paragraphs(STORY)}</div>", aside)


def teaser_grid() -> str:
    """A "Berita Lainnya" grid after the story: cards of picture, headline link and summary."""
    cards = "".join(f"<div class='card'><a href='{href}'><img src='/f/{i}.jpg' alt=''></a>"
                    f"<h2><a href='{href}'>{title}</a></h2><p>{SUMMARY if i % 2 == 0 else ''}</p></div>"
                    for i, (href, title) in enumerate(HEADLINES))
    return _page(f"<article><div class='isi'>{_paragraphs(STORY)}</div>"
                 f"<section class='list'><h3>Berita Lainnya</h3>{cards}</section></article>")


def unlabelled_headlines() -> str:
    """Headline links set into the body as paragraphs of their own, with no label at all."""
    body = (f"<p>{STORY[0]}</p><p><a href='{HEADLINES[3][0]}'>{HEADLINES[3][1]}</a></p><p>{STORY[1]}</p>"
            f"<p>{STORY[2]}</p><p><a href='{HEADLINES[4][0]}'>{HEADLINES[4][1]}</a></p><p>{STORY[3]}</p>")
    return _page(f"<div class='isi'>{body}</div>")


def latest_stories_cards() -> str:
    """An English-labelled "Our Latest Stories" row after the story: cards of a picture, a headline link and a
    one-line subline under it (the way some portals' wire pages end)."""
    cards = "".join(f"<li><a href='{href}' class='thumb'><img src='/f/{i}.jpg' alt=''></a><div>"
                    f"<h3><a href='{href}'>{title}</a></h3><h4>Kenaikan {i + 2} persen dari tahun lalu</h4></div></li>"
                    for i, (href, title) in enumerate(HEADLINES))
    return _page(f"<div class='isi'>{_paragraphs(STORY)}</div><div class='latest'><div><span>Our Latest Stories"
                 f"</span></div><ul>{cards}</ul></div>")


def dont_miss_inline() -> str:
    """A "DON'T MISS" paragraph between the story's paragraphs: a bold label, then bold headline links, each
    with a bracketed tag after it, one a line."""
    links = "".join(f"<br><strong><a href='{href}'>{title}</a> [BERITA]</strong>" for href, title in HEADLINES[:3])
    body = f"<p>{STORY[0]}</p><p>{STORY[1]}</p><p><strong>DON'T MISS</strong>{links}</p>{_paragraphs(STORY[2:])}"
    return _page(f"<div class='isi'>{body}</div>")


LAYOUTS = [closing_related_list, inline_baca_juga, popular_column, teaser_grid, unlabelled_headlines,
           latest_stories_cards, dont_miss_inline]


def _values(text: str) -> set[tuple[str, object]]:
    return {(f.kind, f.value) for f in extract_figures(text)}


def test_the_teasers_carry_figures_of_their_own() -> None:
    # The test only means something if the teasers' figures are figures to the extraction.
    teaser_figures = _values(" ".join(f"{title}." for _, title in HEADLINES) + " " + SUMMARY)
    assert {("percent", 0.22), ("money", 2_100_000_000_000), ("money", 1_300_000_000_000)} <= teaser_figures
    assert not teaser_figures & _values(" ".join(STORY))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.__name__)
def test_no_figure_of_another_story_reaches_the_body(layout: object) -> None:
    page = layout()  # type: ignore[operator]
    article = extract_article(page, URL)
    assert article.text == "\n\n".join(STORY)
    assert _values(article.text) == _values(" ".join(STORY))
