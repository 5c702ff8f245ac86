"""What a news portal puts around a story never reaches its body: captions before the dateline, teasers after it.

The pages are written here, in this project's own words, after the way national Indonesian portals
frame a story: a photo with its caption and credit above the dateline ("SENGETI, Situs.com - ..."),
and after the story a run of other stories' teasers (summaries cut off with an ellipsis and a
"Selanjutnya" link, headlines with their time stamp, a "Jangan Lewatkan!" box, a copyright line).
Every caption and teaser carries figures; the figure extraction on the body must find the story's
figures and none of theirs. Each layout is also read with the step that handles it switched off, to
show the step is what keeps the figures out.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from transforms.article import extract_article
from transforms.figures import extract_figures

STORY = [
    "SENGETI, KabarSengeti.com - Pemerintah Kabupaten Muaro Jambi mendaftarkan 1.250 pekerja rentan sebagai "
    "peserta BPJS Ketenagakerjaan pada Juli 2024, kata kepala dinas tenaga kerja setempat.",
    "Iuran sebesar Rp 450 juta dibayar dari anggaran daerah, sehingga buruh tani dan nelayan terlindungi "
    "dari risiko kecelakaan kerja dan kematian selama setahun.",
    "Cakupan kepesertaan di kabupaten itu naik menjadi 38 persen, dari 31 persen pada awal tahun, "
    "menurut catatan kantor cabang di Sengeti.",
    "Pendaftaran gelombang berikutnya dibuka untuk pedagang pasar tradisional mulai bulan depan, "
    "dengan syarat cukup membawa kartu tanda penduduk.",
]
CAPTION = ["Petugas mendata 340 buruh tani di Desa Sumber Jaya untuk program perlindungan Rabu (10/7/2024)",
           "KabarSengeti/Dodi Pranata"]
TEASERS = [
    "Realisasi kredit usaha rakyat di provinsi itu mencapai Rp 1,3 triliun hingga Juni, naik 12 persen "
    "dibanding periode yang sama ...",
    "Harga cabai merah di Pasar Angso Duo kembali naik menjadi Rp 85 ribu per kilogram setelah pasokan ...",
]
STAMPED = ["Kamis, 11 Juli 2024 16:09 WIB Bank Sentral Suntikkan Likuiditas Rp 2,1 Triliun",
           "Kamis, 11 Juli 2024 16:02 WIB Angka Kemiskinan Provinsi Turun Jadi 7,1 Persen"]
BOXED = ["3.400 Tenaga Honorer Belum Terdaftar Jaminan Sosial", "IHSG Sore Ini Turun 0,22% ke Posisi 8.925"]
URL = "https://kabar-sengeti.test/daerah/2024/07/15/muaro-jambi-daftarkan-pekerja-rentan/"


def _page(main: str) -> str:
    return ("<!DOCTYPE html><html lang='id'><head><meta charset='utf-8'>"
            "<title>Muaro Jambi Daftarkan 1.250 Pekerja Rentan - Kabar Sengeti</title>"
            "<meta property='og:type' content='article'></head><body>"
            "<div class='topbar'><a href='/'>Beranda</a> <a href='/daerah/'>Daerah</a></div>"
            f"<div class='wrap'><h1>Muaro Jambi Daftarkan 1.250 Pekerja Rentan</h1>{main}</div>"
            "<footer class='foot'>Kabar Sengeti, media siber lokal. Redaksi | Pedoman Media Siber</footer>"
            "</body></html>")


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{line}</p>" for line in lines)


def caption_above_the_dateline() -> str:
    """A photo's caption and credit, as paragraphs of the story's own container, above its dateline."""
    return _page(f"<div class='read__content'><div class='photo'><img src='/f/1.jpg' alt=''>"
                 f"{_paragraphs(CAPTION)}</div>{_paragraphs(STORY)}</div>")


def teasers_after_the_story() -> str:
    """Other stories' summaries cut off with an ellipsis, each with a "Selanjutnya" link, after a copyright
    line, in the story's own container."""
    teasers = "".join(f"<p>{t}</p><p><a href='/lain/{i}'>» Selanjutnya</a></p>" for i, t in enumerate(TEASERS))
    return _page(f"<div class='isi'>{_paragraphs(STORY)}<p>COPYRIGHT © 2024</p>{teasers}</div>")


def time_stamped_headlines() -> str:
    """Headlines with their time stamp closing the story's container, no label above them."""
    items = "".join(f"<p>- {line}</p>" for line in STAMPED)
    return _page(f"<div class='isi'>{_paragraphs(STORY)}{items}</div>")


def jangan_lewatkan_box() -> str:
    """A "Jangan Lewatkan!" label and headlines between the story and the desk's code that closes it."""
    box = "<p><b>Jangan Lewatkan!</b></p>" + _paragraphs(BOXED)
    return _page(f"<div class='isi'>{_paragraphs(STORY)}{box}<p>(kas/dpr)</p></div>")


LAYOUTS: dict[Callable[[], str], str] = {caption_above_the_dateline: "dateline_lead",
                                         teasers_after_the_story: "teaser_tail",
                                         time_stamped_headlines: "teaser_tail", jangan_lewatkan_box: "teaser_tail"}


def _values(text: str) -> set[tuple[str, object]]:
    return {(f.kind, f.value) for f in extract_figures(text)}


def test_the_surroundings_carry_figures_of_their_own() -> None:
    # The test only means something if the captions' and teasers' figures are figures to the extraction.
    theirs = _values(" ".join(f"{line}." for line in CAPTION + TEASERS + STAMPED + BOXED))
    assert {("count", 340), ("money", 1_300_000_000_000), ("money", 2_100_000_000_000), ("percent", 0.22)} <= theirs
    assert not theirs & _values(" ".join(STORY))


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.__name__)
def test_no_figure_around_the_story_reaches_the_body(layout: Callable[[], str]) -> None:
    article = extract_article(layout(), URL)
    lines = article.text.split("\n\n")
    assert lines[:len(STORY)] == STORY
    assert _values(article.text) == _values(" ".join(STORY))
    # A desk's code closing the story is the story's: it stays after the teasers are cut.
    assert lines[len(STORY):] == (["(kas/dpr)"] if layout is jangan_lewatkan_box else [])


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.__name__)
def test_the_step_is_what_keeps_them_out(layout: Callable[[], str]) -> None:
    article = extract_article(layout(), URL, disabled=frozenset({LAYOUTS[layout]}))
    assert _values(article.text) > _values(" ".join(STORY))


@pytest.mark.parametrize("line, dateline", [
    ("LHOKSEUMAWE, KOMPAS.com – Penyidik menyerahkan berkas perkara.", True),
    ("Jakarta (ANTARA News) - PT Astra meluncurkan ban baru.", True),
    ("TEMPO.CO, Jakarta - Indonesia bisa belajar dari Finlandia.", True),
    ("MUARA BULIAN - Bupati menyerahkan santunan.", True),
    ("Pemerintah kabupaten - yang baru dilantik - menyerahkan santunan.", False),
    ("Harga naik 5 persen - kata pedagang di pasar.", False),
])
def test_a_dateline_is_a_short_place_or_outlet_then_a_dash(line: str, dateline: bool) -> None:
    from transforms.article.cleanup import is_dateline

    assert is_dateline(line) is dateline
