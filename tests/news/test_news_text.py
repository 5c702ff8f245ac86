"""Article extraction on every layout of the bundled site, mentions, figures and clustering."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest
import requests

from core.errors import InputRejected
from samples.site import SampleNewsSite
from transforms.article import Article, extract_article, join_pages
from transforms.article.cleanup import clean_lines
from transforms.claims import claims_from_figures
from transforms.dedup import cluster_articles
from transforms.figures import bkbk_rate_check, extract_figures
from transforms.mentions import find_programme_mentions, find_regions, split_sentences


@pytest.fixture(scope="module")
def site() -> Iterator[SampleNewsSite]:
    with SampleNewsSite() as server:
        yield server


def test_every_layout_extracts_exactly(site: SampleNewsSite) -> None:
    layouts = set()
    for article in site.articles:
        response = requests.get(site.base_url + article.path, timeout=5)
        pages = [extract_article(response.content, response.url, encoding=response.encoding)]
        while pages[-1].next_page_url:
            nxt = requests.get(pages[-1].next_page_url, timeout=5)
            pages.append(extract_article(nxt.content, nxt.url, encoding=nxt.encoding))
        got = join_pages(pages)
        assert got.title == article.title
        assert got.author == article.author
        assert got.published_at == article.published
        assert got.text == "\n\n".join(article.paragraphs), article.slug
        assert "BACA JUGA" not in got.text and "Bagikan" not in got.text and "Komentar" not in got.text
        layouts.add(article.site)
    assert len(layouts) == 4


def test_script_in_a_title_stays_text(site: SampleNewsSite) -> None:
    article = next(a for a in site.articles if "<script>" in a.title)
    response = requests.get(site.base_url + article.path, timeout=5)
    assert b"<script>alert(1)" not in response.content  # escaped by the site
    assert extract_article(response.content, response.url).title == article.title


def test_not_an_article_is_rejected_with_the_url() -> None:
    with pytest.raises(InputRejected, match=r"http://x\.test/a: no article body"):
        extract_article(b"<html><body><nav><a href='/'>Beranda</a></nav></body></html>", "http://x.test/a")


def test_cp1252_page_declared_utf8_still_decodes() -> None:
    page = ("<html><body><article><p>" + "Pekerja rentan “terlindungi” di Kerinci. " * 5 + "</p></article>"
            "</body></html>").encode("cp1252")
    assert "“terlindungi”" in extract_article(page, "http://x.test/b", encoding="utf-8").text


def test_programme_mentions_exclude_bpjs_kesehatan() -> None:
    text = ("BPJS Kesehatan menambah peserta KIS. JKN dikelola BPJS.\n\n"
            "Pekerja rentan didaftarkan ke BPJAMSOSTEK lewat BKBK dan Dumisake untuk program JKK dan JKM. "
            "Iuran JHT dan JP dibayar mandiri. Paritrana Award diraih Jambi.\n\nPemain JP mencetak gol.")
    keys = [m.programme for m in find_programme_mentions(text)]
    assert keys == ["PEKERJA_RENTAN", "BPJS_TK", "BKBK", "DUMISAKE", "JKK", "JKM", "JHT", "JP", "PARITRANA"]
    assert all(m.sentence for m in find_programme_mentions(text))


def test_regions_in_text() -> None:
    text = "Warga Kab. Tanjab Barat, Kota Jambi dan Muara Bungo hadir di Provinsi Jambi; Batang Hari menyusul."
    codes = [r.code for r in find_regions(text)]
    assert codes == ["15.06", "15.71", "15.08", "15", "15.04"]


def test_sentences_keep_abbreviations_and_decimals() -> None:
    text = "Iuran Rp. 16.800 dibayar Kab. Tebo. Cakupan 39,52 persen. H. Ahmad hadir."
    assert [s.text for s in split_sentences(text)] == [
        "Iuran Rp. 16.800 dibayar Kab. Tebo.", "Cakupan 39,52 persen.", "H. Ahmad hadir."]


def test_figures_with_metric_region_period_and_plausibility() -> None:
    text = ("Pemprov Jambi menganggarkan Rp 23,96 miliar untuk iuran 118.875 pekerja rentan tahun 2024. "
            "Cakupan kepesertaan di Batanghari 51 persen pada Agustus 2024. "
            "Senin (10/6/2024) santunan JKM Rp 42 juta diserahkan di Kota Jambi. "
            "Hubungi 0812-7412-3456 pukul 09.14 WIB sesuai UU No. 27/2022. "
            "Ia menyebut anggaran Rp 40 triliun.")
    published = datetime(2024, 6, 11)
    figures = extract_figures(text, published_at=published)
    summary = [(f.kind, f.value, f.region_code, f.period, f.plausible) for f in figures]
    assert summary == [
        ("money", 23_960_000_000, None, "2024", True),
        ("count", 118_875, None, "2024", True),
        ("percent", 51, "15.04", "2024-08", True),
        ("date", "2024-08", None, None, True),
        ("date", "2024-06-10", None, None, True),
        ("money", 42_000_000, "15.71", None, True),
        ("money", 40_000_000_000_000, None, None, False),
    ]
    assert figures[-1].plausibility_reason and "budget" in figures[-1].plausibility_reason
    assert text[figures[0].start:figures[0].end] == "Rp 23,96 miliar"
    claims = [(c.metric, c.modality) for c in claims_from_figures(text, figures, published)]
    assert claims == [("budget", "target"), ("participants", "target"), ("coverage_rate", "realised"),
                      ("benefits_paid", "realised"), ("budget", "realised")]


def test_bkbk_rate_check() -> None:
    ratio = bkbk_rate_check(118_875, 23_960_000_000)
    assert ratio is not None and abs(ratio - 1.0) < 0.001


def test_syndicated_copies_cluster(site: SampleNewsSite) -> None:
    texts = {a.slug: "\n\n".join(a.paragraphs) for a in site.articles}
    published = {a.slug: a.published for a in site.articles}
    clusters = cluster_articles(list(texts.items()), published_at=published)
    assert [(c.canonical_key, len(c.member_keys)) for c in clusters] == [
        ("pemprov-jambi-lindungi-118-ribu-pekerja-rentan", 2)]


def test_districts_count_for_their_regency() -> None:
    found = find_regions("Nelayan di Kecamatan Mendahara dan Nipah Panjang, serta warga Jambi Selatan.")
    assert [(r.code, r.level, r.name) for r in found] == [
        ("15.07", "district", "Mendahara"), ("15.07", "district", "Nipah Panjang"),
        ("15.71", "district", "Jambi Selatan")]


@pytest.mark.parametrize("layout", sorted(__import__("samples.layouts", fromlist=["LAYOUTS"]).LAYOUTS))
def test_portal_layouts_extract_exactly(layout: str) -> None:
    from samples.layouts import MULTI_PAGE
    from samples.site import load_articles, render_article

    articles = load_articles()
    for article in articles:
        others = [a for a in articles if a.slug != article.slug]
        url = f"http://127.0.0.1{article.path}"
        pages = [extract_article(render_article(article, others, 1, layout)[0], url)]
        if layout in MULTI_PAGE and len(article.paragraphs) >= 4:
            assert pages[0].next_page_url == url + "?page=2"
            pages.append(extract_article(render_article(article, others, 2, layout)[0], url + "?page=2"))
        got = join_pages(pages)
        assert got.text == "\n\n".join(article.paragraphs), f"{article.slug}@{layout}"
        assert not re.search(r"(?im)^(baca|simak) (juga|berita)|^(oleh|penulis|pewarta|editor)\b", got.text)
        assert got.title == article.title
        assert got.published_at == article.published
        if layout != "aspnet_form":  # that portal names no author
            assert got.author == article.author, f"{article.slug}@{layout}"


def test_a_site_hint_names_the_body_container() -> None:
    story = "".join(f"<p>Paragraf berita nomor {i} tentang iuran pekerja rentan di desa, dibayar dari APBD.</p>"
                    for i in range(3))
    essay = "".join(f"<p>Opini panjang nomor {i} yang membahas banyak hal lain, dengan kalimat yang lebih panjang "
                    f"dari berita itu sendiri, tentang jalan, pasar, dan sekolah di kabupaten.</p>" for i in range(6))
    page = f"<html><body><div class='opini'>{essay}</div><div class='isi'>{story}</div></body></html>"
    assert "Opini panjang" in extract_article(page, "http://x.test/a").text
    hinted = extract_article(page, "http://x.test/a", hints={"body": "div.isi"})
    assert hinted.text.startswith("Paragraf berita nomor 0") and "Opini" not in hinted.text
    # A hint that matches nothing (the site changed its theme) falls back to finding the body.
    assert "Opini panjang" in extract_article(page, "http://x.test/a", hints={"body": "div.hilang"}).text


@pytest.mark.parametrize(("url", "page", "kind"), [
    ("http://x.test/kategori/daerah/", "<html><body><article><p>" + "Isi berita yang panjang sekali. " * 10
     + "</p></article></body></html>", "not_article"),
    ("http://x.test/2024/06/01/daftar/", "<html><body><ul>" + "".join(
        f"<li><a href='/b/{i}'>Judul berita nomor {i} dari daerah hari ini</a></li>" for i in range(8))
     + "</ul></body></html>", "not_article"),
    ("http://x.test/2024/06/01/premium/", "<html><head><script type='application/ld+json'>{\"@type\": "
     "\"NewsArticle\", \"isAccessibleForFree\": \"False\"}</script></head><body><h1>Laporan</h1>"
     "<div class='paywall'>Masuk untuk membaca</div></body></html>", "paywall"),
    ("http://x.test/2024/06/01/kosong/", "<html><body><div><img src='a.jpg'></div><p>Foto saja.</p></body></html>",
     "no_text"),
])
def test_a_page_without_an_article_says_why(url: str, page: str, kind: str) -> None:
    from transforms.article import NoArticle

    with pytest.raises(NoArticle) as raised:
        extract_article(page, url)
    assert raised.value.kind == kind
    assert str(raised.value).startswith(f"{url}: no article body found")


def test_a_page_that_declares_itself_a_collection_is_refused_and_a_ranked_article_is_not() -> None:
    from transforms.article import NoArticle

    prose = "".join(f"<p>Kalimat panjang nomor {i} tentang iuran pekerja rentan di desa, dibayar dari APBD "
                    f"kabupaten selama setahun penuh.</p>" for i in range(6))

    def page(head: str) -> str:
        return f"<html><head>{head}</head><body><main>{prose}</main></body></html>"

    collection = "<script type='application/ld+json'>{\"@type\": \"CollectionPage\", \"name\": \"Daerah\"}</script>"
    for head in (collection, "<meta property='og:type' content='product.group'>"):
        with pytest.raises(NoArticle) as raised:
            extract_article(page(head), "http://x.test/2024/06/01/daerah/")
        assert raised.value.kind == "not_article" and "declares itself a collection" in str(raised.value)
    # An article that also declares the page a collection, or ranks things in an ItemList, is an article.
    article = "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"headline\": \"Iuran\"}</script>"
    ranked = "<script type='application/ld+json'>{\"@type\": \"ItemList\", \"numberOfItems\": 5}</script>"
    for head in (collection + article, ranked):
        assert extract_article(page(head), "http://x.test/2024/06/01/iuran/").text.startswith("Kalimat panjang nomor 0")
    # Switched off, the collection is read as any other page.
    kept = extract_article(page(collection), "http://x.test/2024/06/01/d/", disabled=frozenset({"listing_type"}))
    assert kept.text.startswith("Kalimat panjang nomor 0")


def test_a_closing_box_of_headlines_is_cut_but_prose_after_a_box_is_kept() -> None:
    story = ["Pemerintah kabupaten mendaftarkan seribu buruh tani sebagai peserta jaminan kecelakaan kerja.",
             "Iuran dibayar dari anggaran daerah selama dua belas bulan pertama, kata kepala dinas.",
             "Pendaftaran berikutnya dibuka untuk nelayan pada awal tahun depan."]
    box = "<div><h3>Baca Juga</h3><ul>" + "".join(
        f"<li><a href='/b/{i}'>Judul berita lain nomor {i}</a></li>" for i in range(3)) + "</ul></div>"
    closing = f"<html><body><article>{''.join(f'<p>{p}</p>' for p in story)}{box}</article></body></html>"
    assert extract_article(closing, "http://x.test/2024/06/01/a/").text == "\n\n".join(story)
    middle = (f"<html><body><article><p>{story[0]}</p>{box}{''.join(f'<p>{p}</p>' for p in story[1:])}"
              "</article></body></html>")
    assert extract_article(middle, "http://x.test/2024/06/01/b/").text.endswith(story[2])


def test_joined_pages_drop_what_an_earlier_page_printed_and_keep_a_page_s_own_repeats() -> None:
    def page(text: str) -> Article:
        return Article(url="http://x.test/a", canonical_url="http://x.test/a", title="Iuran", published_at=None,
                       author=None, section=None, text=text)

    plan = "Senin\n\nMakan setiap tiga jam\n\nSelasa\n\nMakan setiap tiga jam"
    joined = join_pages([page(plan), page("Selasa\n\nRabu\n\nMakan setiap tiga jam\n\nKamis")])
    assert joined.text == plan + "\n\nRabu\n\nKamis"
    assert join_pages([page(plan)]).text == plan


def test_a_line_repeated_right_after_itself_is_kept_once_and_a_page_s_own_repeats_stay() -> None:
    story = [f"Paragraf ke-{i} tentang iuran peserta jaminan kecelakaan kerja di kabupaten, cukup panjang."
             for i in range(5)]
    # A recipe's steps under each day are the text: a repeat that is not the line before stays.
    plan = [story[0], "Sarapan", "Makan setiap tiga jam", "Dua butir telur rebus dan sepotong roti gandum.",
            "Makan siang", "Makan setiap tiga jam", "Dua butir telur rebus dan sepotong roti gandum.", story[1]]
    assert clean_lines(plan, ())[0] == plan
    # The same line twice in a row (a dek printed as the lead) once.
    assert clean_lines([story[0], story[0], story[1]], ())[0] == story[:2]
    assert clean_lines([story[0], story[0], story[1]], (), frozenset({"repeated_line"}))[0] == [story[0], *story[:2]]


def test_a_line_that_is_the_page_s_own_address_is_dropped() -> None:
    url = "http://x.test/2024/06/01/buruh-tani/"
    lines = ["Pemerintah kabupaten mendaftarkan seribu buruh tani sebagai peserta jaminan kecelakaan kerja.", url,
             "Iuran dibayar dari anggaran daerah selama dua belas bulan pertama, kata kepala dinas."]
    assert clean_lines(lines, (), addresses=(url,))[0] == [lines[0], lines[2]]
    assert clean_lines(lines, (), frozenset({"own_address"}), addresses=(url,))[0] == lines
