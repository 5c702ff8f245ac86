"""The listing model (``transforms/article/listing_model.py``): its file matches the code, and it decides.

Pages are written here in our own words, modelled on how Indonesian shops and portals lay out a
category page: a line of introduction that reads as prose, then a grid of cards (a linked name, a
price, a sentence). The structural rules let such a page through (it has prose, and most of its text
is not links); the model refuses it, and with the model switched off the same page is an "article".
"""

from __future__ import annotations

import json
import math
import re

import pytest

from transforms.article import NoArticle, extract_article
from transforms.article.listing_model import FEATURES, MODEL_FILE, listing_features, model
from transforms.article.metadata import read_metadata
from transforms.article.page import parse_page

_PRODUCTS = [("Kopi Liberika Tungkal", 85_000), ("Kopi Robusta Kerinci", 72_000), ("Teh Kayu Aro", 40_000),
             ("Dodol Kentang", 35_000), ("Kerupuk Ikan Patin", 28_000), ("Madu Hutan Bungo", 120_000),
             ("Keripik Nanas", 30_000), ("Batik Jambi Motif Angso Duo", 450_000), ("Lempok Durian", 55_000),
             ("Tempoyak Kemasan", 25_000), ("Gula Aren Sarolangun", 32_000), ("Pinang Muda", 18_000),
             ("Kopi Bubuk Merangin", 60_000), ("Selai Nanas Tangkit", 27_000), ("Kain Songket Jambi", 650_000),
             ("Kue Padamaran", 22_000), ("Ikan Asin Kuala Tungkal", 48_000), ("Sambal Tempoyak", 30_000),
             ("Emping Melinjo", 38_000), ("Rendang Ikan Patin", 75_000), ("Minyak Kelapa Murni", 45_000),
             ("Kopi Arabika Kerinci", 95_000), ("Tas Anyaman Pandan", 110_000), ("Gantungan Kunci Batik", 15_000)]


def shop_page() -> str:
    cards = "".join(
        f'<div class="kartu"><a href="/produk/{name.lower().replace(" ", "-")}"><img src="/img/{i}.jpg"></a>'
        f'<h3><a href="/produk/{name.lower().replace(" ", "-")}">{name}</a></h3>'
        f'<span class="harga">Rp {price:,}</span>'.replace(",", ".") +
        "<p>Dikemas rapi dan dikirim dari gudang kami di Kota Jambi setiap hari kerja.</p></div>"
        for i, (name, price) in enumerate(_PRODUCTS))
    footer = "".join(f'<li><a href="/info/{page}">{page.title()}</a></li>' for page in (
        "tentang-kami", "cara-belanja", "pengiriman", "pengembalian", "pembayaran", "kontak", "karier", "blog"))
    return ('<html><head><title>Oleh-oleh Khas Jambi</title><meta property="og:type" content="website">'
            "</head><body>"
            '<nav><a href="/">Beranda</a> <a href="/keranjang">Keranjang</a></nav>'
            "<h1>Oleh-oleh Khas Jambi</h1>"
            "<p>Pilihan oleh-oleh dari seluruh kabupaten di Provinsi Jambi, dari kopi dataran tinggi Kerinci "
            "sampai kerupuk ikan dari pesisir Tanjung Jabung, kami kirim ke seluruh Indonesia.</p>"
            f'<div class="grid">{cards}</div>'
            '<div class="halaman"><a href="?hal=2">2</a> <a href="?hal=3">3</a></div>'
            f"<footer><ul>{footer}</ul></footer></body></html>")


def news_page() -> str:
    paragraphs = "".join(f"<p>{text}</p>" for text in (
        "Pemerintah Provinsi Jambi menambah jumlah pekerja rentan yang iurannya dibayar melalui program "
        "BKBK tahun ini, kata kepala dinas tenaga kerja kepada wartawan pada Senin.",
        "Menurut dia, tambahan peserta terutama berasal dari petani karet dan nelayan di tiga kabupaten yang "
        "selama ini belum terdaftar sebagai peserta jaminan sosial ketenagakerjaan.",
        "Data dinas mencatat sebanyak 12.500 pekerja telah terdaftar hingga akhir bulan lalu, sementara "
        "pendataan di kecamatan lain masih berjalan dan ditargetkan selesai sebelum akhir tahun.",
        "Ia menambahkan, pekerja yang mengalami kecelakaan kerja dapat langsung melapor ke kantor cabang "
        "terdekat dengan membawa kartu peserta dan surat keterangan dari desa."))
    return ('<html><head><title>Peserta BKBK bertambah</title><meta property="og:type" content="article">'
            '<meta property="article:published_time" content="2024-06-10T09:00:00+07:00"></head><body>'
            '<nav><a href="/">Beranda</a> <a href="/daerah">Daerah</a></nav><article>'
            "<h1>Peserta BKBK di Jambi bertambah</h1>" + paragraphs + "</article></body></html>")


def test_the_model_file_names_the_features_the_code_computes() -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    assert tuple(data["features"]) == FEATURES
    assert len(data["weights"]) == len(data["mean"]) == len(data["scale"]) == len(FEATURES)
    assert 0.0 < data["threshold"] < 1.0
    assert "tune half" in data["trained_on"] and "held half was not used" in data["trained_on"]


def test_a_model_file_trained_on_other_features_is_refused(tmp_path, monkeypatch) -> None:
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    data["features"] = [*data["features"][1:], "something_else"]
    stale = tmp_path / "listing_model.json"
    stale.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr("transforms.article.listing_model.MODEL_FILE", stale)
    model.cache_clear()
    try:
        with pytest.raises(ValueError, match="retrain"):
            model()
    finally:
        model.cache_clear()


def test_a_shop_category_page_with_prose_is_refused_by_the_model_alone() -> None:
    url = "https://toko-jambi.example/oleh-oleh"
    with pytest.raises(NoArticle) as refusal:
        extract_article(shop_page(), url)
    assert refusal.value.kind == "not_article"
    assert "listing model" in str(refusal.value)
    # The structural rules do not catch it: with the model off, the same page passes as an article.
    article = extract_article(shop_page(), url, disabled=frozenset({"listing_model"}))
    assert "Pilihan oleh-oleh" in article.text


def test_a_news_story_is_kept_and_scores_far_below_the_threshold() -> None:
    url = "https://berita-jambi.example/daerah/2024/06/10/peserta-bkbk-di-jambi-bertambah"
    article = extract_article(news_page(), url)
    assert "12.500 pekerja" in article.text
    root = parse_page(news_page(), url)
    meta = read_metadata(root, url)
    chance = model().probability(listing_features(root, article.text.split("\n\n"), meta, url))
    assert chance < model().threshold / 2


def test_what_the_features_read_off_a_page() -> None:
    url = "https://toko-jambi.example/oleh-oleh?hal=1"
    root = parse_page(shop_page(), url)
    values = listing_features(root, ["Pilihan oleh-oleh dari seluruh kabupaten."], read_metadata(root, url), url)
    assert values["prices"] == len(_PRODUCTS)
    assert values["images"] == len(_PRODUCTS)
    assert values["heading_links"] == len(_PRODUCTS)
    assert values["query"] == 1.0 and values["path_depth"] == 1 and values["slug_words"] == 1
    assert values["og_website"] == 1.0 and values["declared_article"] == 0.0
    # Script text is not page text: a script the size of the page leaves the link share as it was.
    scripted = shop_page().replace("</body>", f"<script>var x = '{'a' * 50_000}';</script></body>")
    again = listing_features(parse_page(scripted, url), ["Pilihan oleh-oleh dari seluruh kabupaten."],
                             read_metadata(root, url), url)
    assert again["link_share"] == pytest.approx(values["link_share"])
    assert again["page_chars"] == values["page_chars"]


def test_oleh_oleh_is_a_word_not_a_byline() -> None:
    # "Oleh" (by) opens a byline; "oleh-oleh" (souvenirs) and "olehnya" are words of the story.
    page = news_page().replace("<p>Ia menambahkan", "<p>Oleh-oleh khas daerah ikut dipamerkan.</p>"
                                                    "<p>Olehnya, data itu dibagikan.</p><p>Ia menambahkan")
    url = "https://berita-jambi.example/daerah/2024/06/10/peserta-bkbk-di-jambi-bertambah"
    article = extract_article(page, url)
    assert "Oleh-oleh khas daerah ikut dipamerkan." in article.text
    assert "Olehnya, data itu dibagikan." in article.text
    assert article.author is None
    byline = page.replace("<article>", "<article><p>Oleh: Siti Rahma</p>")
    assert extract_article(byline, url).author == "Siti Rahma"


def test_a_page_with_few_links_is_not_judged_by_the_model() -> None:
    # The same grid with its links taken away: nothing left to say it lists items, so the model stays out.
    from transforms.article.listing_model import MIN_LINKS, listing_probability

    url = "https://toko-jambi.example/oleh-oleh"
    bare = re.sub(r"</?a[^>]*>", "", shop_page())
    root = parse_page(bare, url)
    meta = read_metadata(root, url)
    paragraphs = ["Pilihan oleh-oleh dari seluruh kabupaten di Provinsi Jambi, dikirim ke seluruh Indonesia."]
    assert listing_features(root, paragraphs, meta, url)["links"] < MIN_LINKS
    assert listing_probability(root, paragraphs, meta, url)[0] == 0.0
    full = parse_page(shop_page(), url)
    assert listing_probability(full, paragraphs, read_metadata(full, url), url)[0] > 0.5


def test_an_absurd_page_weighs_as_the_most_extreme_page_the_model_was_fitted_on() -> None:
    from transforms.article.listing_model import PAGE_FEATURES, own_features

    url = "https://toko-jambi.example/oleh-oleh"
    root = parse_page(shop_page(), url)
    values = listing_features(root, ["Pilihan oleh-oleh dari seluruh kabupaten."], read_metadata(root, url), url)
    assert set(own_features([], read_metadata(root, url), url)) | set(PAGE_FEATURES) == set(FEATURES)
    current = model()
    most = dict(zip(current.features, current.high, strict=True))
    at_edge = {**values, "prices": math.expm1(most["prices"])}
    beyond = {**values, "prices": 10 ** 9}
    assert current.probability(beyond) == pytest.approx(current.probability(at_edge))
    assert current.probability(at_edge) != pytest.approx(current.probability(values))


def test_the_visible_text_is_read_only_when_it_could_change_the_verdict() -> None:
    # The news page's links, body and declarations already keep it below the threshold whatever its
    # visible text holds, so that text is not read; the bound given is at least the full probability.
    # The shop page's are not enough, so its text is read and it is refused as before.
    from transforms.article.listing_model import TEXT_FEATURES, link_features, listing_probability, own_features

    current = model()
    menu = "".join(f'<a href="/kanal/{name}">{name.title()}</a> ' for name in (
        "daerah", "ekonomi", "politik", "olahraga", "hukum", "pendidikan", "kesehatan", "wisata", "opini", "foto"))
    news = news_page().replace('<a href="/daerah">Daerah</a>', menu)
    for page, url, refused in ((news, "https://berita-jambi.example/2024/06/bkbk-tambah-peserta", False),
                               (shop_page(), "https://toko-jambi.example/oleh-oleh", True)):
        root = parse_page(page, url)
        meta = read_metadata(root, url)
        paragraphs = [" ".join(p.text_content().split()) for p in root.iter("p")]
        full = current.probability(listing_features(root, paragraphs, meta, url))
        known = {**own_features(paragraphs, meta, url), **link_features(root, paragraphs)[0]}
        assert not set(TEXT_FEATURES) & set(known)
        assert current.most(known) >= full
        chance, threshold = listing_probability(root, paragraphs, meta, url)
        assert (chance > threshold) is refused
        assert chance == (pytest.approx(full) if refused else current.most(known))
        assert (current.most(known) <= threshold) is not refused
