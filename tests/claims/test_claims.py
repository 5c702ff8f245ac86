"""Claims as the press meant them: the claim model on reporters' phrasing, the labelled set, and
like-with-like reconciliation against a real warehouse (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from reports.reconcile import PressClaim, change_interval, compared_as_level, reconcile
from reports.reconcile_views import WarehouseViews
from tests.claims.press_sets import load_set, score
from transforms.claims import Claim, extract_claims
from transforms.dates import Period

JUNE = datetime(2024, 6, 15, 10, 0)


def claim_of(sentence: str, figure: str, published: datetime = JUNE) -> Claim:
    found = [c for c in extract_claims(sentence, published_at=published) if c.text.startswith(figure)]
    assert found, f"{figure!r} not found in {[c.text for c in extract_claims(sentence, published_at=published)]}"
    return found[0]


@pytest.mark.parametrize(("sentence", "figure", "metric", "modality"), [
    ("Pemprov Jambi menargetkan 118.875 pekerja rentan terlindungi pada tahun 2024.", "118.875", "participants",
     "target"),
    ("Target 2025: 55 persen atau sekitar 674 ribu peserta aktif.", "55 persen", "coverage_rate", "target"),
    ("Target 2025: 55 persen atau sekitar 674 ribu peserta aktif.", "674 ribu", "participants", "target"),
    ("Target tahun depan 62 persen, kata kepala dinas.", "62 persen", "coverage_rate", "target"),
    ("Cakupan kita sekarang 41 persen, akan kita naikkan menjadi 65 persen.", "41 persen", "coverage_rate",
     "realised"),
    ("Cakupan kita sekarang 41 persen, akan kita naikkan menjadi 65 persen.", "65 persen", "coverage_rate", "target"),
    ("Jumlah peserta naik 8 persen dibanding tahun sebelumnya.", "8 persen", "participants", "change"),
    ("Peserta aktif bertambah menjadi 57.330 orang.", "57.330", "participants", "realised"),
    ("Batanghari mencatat partisipasi 50,71 persen.", "50,71", "coverage_rate", "realised"),
    ("Itu mencakup 43,31 persen dari pekerja di kota ini.", "43,31", "coverage_rate", "realised"),
    ("Sudah kita cover 40 persen pekerja rentan.", "40 persen", "coverage_rate", "realised"),
    ("Ada 117 ribuan pekerja rentan yang iurannya dibayar lewat BKBK.", "117 ribuan", "participants", "realised"),
    ("Seluruh pekerja yang didaftarkan itu sekitar 112 ribu pada awal tahun.", "112 ribu", "participants",
     "realised"),
    ("Di desa itu ada sekitar 15.000 pekerja rentan, baru ter-cover 3.000 saja.", "15.000", "workforce", "realised"),
    ("Di desa itu ada sekitar 15.000 pekerja rentan, baru ter-cover 3.000 saja.", "3.000", "participants",
     "realised"),
    ("Tercatat 568.373 tenaga kerja dari 1,3 juta pekerja yang berpotensi.", "568.373", "participants", "realised"),
    ("Tercatat 568.373 tenaga kerja dari 1,3 juta pekerja yang berpotensi.", "1,3 juta", "workforce", "realised"),
    ("Dana BKBK Rp 100 juta per desa/kelurahan dipakai sebagian untuk iuran.", "Rp 100 juta", "rate", "entitlement"),
    ("Iurannya hanya Rp16.800 per bulan.", "Rp16.800", "rate", "entitlement"),
    ("Ahli warisnya berhak atas santunan kematian Rp 42 juta.", "Rp 42 juta", "benefits_paid", "entitlement"),
    ("Pemkab menganggarkan Rp 1,2 miliar untuk iuran pekerja rentan.", "Rp 1,2 miliar", "budget", "target"),
    ("BPJS Ketenagakerjaan mencatat 9 kasus kecelakaan kerja.", "9 kasus", "claims_cases", "realised"),
    ("BPJS Kesehatan menambah 5.000 peserta KIS.", "5.000", "other", "realised"),
])
def test_what_reporters_mean(sentence: str, figure: str, metric: str, modality: str) -> None:
    claim = claim_of(sentence, figure)
    assert (claim.metric, claim.modality) == (metric, modality), claim.cues
    assert claim.cues["metric"] is not None and "modality" in claim.cues


def test_dimensions_and_scope_with_the_words_that_decided_them() -> None:
    fishers = claim_of("Sebanyak 3.500 nelayan di Kabupaten Tanjung Jabung Timur didaftarkan sebagai peserta "
                       "BPJAMSOSTEK melalui APBD kabupaten tahun ini.", "3.500")
    assert (fishers.region_code, fishers.period, fishers.segment, fishers.funding_source, fishers.occupation) == (
        "15.07", "2024", "BPU", "APBD_KAB", "nelayan")
    assert fishers.cues["funding_source"] == "APBD kabupaten"
    heir = claim_of("Ahli waris seorang petani di Tebo menerima santunan JKM sebesar Rp 42 juta.", "Rp 42 juta")
    assert (heir.scope, heir.metric, heir.programmes) == ("single", "benefits_paid", ("JKM",))
    assert heir.cues["scope"] == "seorang"
    both = claim_of("Iuran jaminan kecelakaan kerja dan kematian dibayarkan Rp 705,6 juta.", "Rp 705,6 juta")
    assert both.programmes == ("JKK", "JKM")
    spelled = claim_of("Mereka terlindungi program Jaminan Sosial Ketenagakerjaan, sebanyak 8.901 orang.", "8.901")
    assert spelled.programmes == ()  # BPJS Ketenagakerjaan as a whole, not one of its programmes
    bpu = claim_of("Peserta Bukan Penerima Upah di Kota Jambi menjadi 30.958 orang pada Mei 2024.", "30.958")
    assert (bpu.segment, bpu.region_code, bpu.period) == ("BPU", "15.71", "2024-05")
    target = claim_of("Pemprov menargetkan 118.875 pekerja rentan terlindungi.", "118.875")
    assert compared_as_level(PressClaim.from_claim(bpu))
    assert not compared_as_level(PressClaim.from_claim(heir)) and not compared_as_level(PressClaim.from_claim(target))


def test_labelled_press_set_meets_the_targets() -> None:
    articles = load_set()
    assert len(articles) >= 40 and sum(len(a["figures"]) for a in articles) >= 200
    result = score(articles)
    assert result["figure_precision"] >= 0.97 and result["figure_recall"] >= 0.95, result["errors"]
    assert result["metric_accuracy"] >= 0.92, result["errors"]
    assert result["modality_accuracy"] >= 0.95, result["errors"]
    assert result["not_realised_reconciled_as_realised"] == 0, result["misread_as_realised"]


def test_change_interval_is_read_from_the_sentence() -> None:
    june = Period(2024, 6)
    assert change_interval("naik 8 persen dibanding tahun sebelumnya", june) == Period(2023, 6)
    assert change_interval("bertambah 500 orang dibanding bulan lalu", june) == Period(2024, 5)
    assert change_interval("turun 3 persen dibanding Maret 2024", june) == Period(2024, 3)
    assert change_interval("naik 8 persen", june) is None


def _seed(url: str) -> None:
    from warehouse.db import get_engine, session_scope
    from warehouse.models import AuditIngestBatch, FactBenefitClaims, FactCoverageMonthly

    rows = [  # (period, region, segment, programmes, funding, participants, contributions)
        (202405, "15.71", "BPU", "JKK+JKM", "MANDIRI", 20_000, 336_000_000),
        (202405, "15.71", "BPU", "JKK+JKM", "APBD_KAB", 10_958, 184_094_400),
        (202405, "15.71", "PU", "JKK+JKM+JHT+JP", "MANDIRI", 80_000, 9_000_000_000),
        (202406, "15.07", "BPU", "JKK+JKM", "APBD_PROV", 5_234, 87_931_200),
        (202406, "15.07", "BPU", "JKK+JKM", "APBD_KAB", 1_070, 17_976_000),
        (202406, "15.07", "PU", "JKK+JKM+JHT+JP", "MANDIRI", 11_483, 3_251_962_634),
        (202406, "15.05", "BPU", "JKK+JKM", "APBD_PROV", 100_000, 1_680_000_000),
        (202405, "15.05", "BPU", "JKK+JKM", "APBD_PROV", 99_000, 1_663_200_000),
    ]
    with session_scope(get_engine(url)) as session:
        batch = AuditIngestBatch(source_name="test", dataset="coverage", file_name="seed.csv", sha256="0" * 64,
                                 received_at=datetime.now(UTC), status="published")
        session.add(batch)
        session.flush()
        for n, (period, region, segment, programmes, funding, people, money) in enumerate(rows):
            session.add(FactCoverageMonthly(batch_id=batch.batch_id, source_name="test", period_key=period,
                                            region_code=region, segment_code=segment, programme_set=programmes,
                                            funding_source_code=funding, active_participants=people,
                                            contributions_idr=money, source_row=n))
        for programme, cases, paid in (("JKK", 9, 310_000_000), ("JKM", 4, 168_000_000)):
            session.add(FactBenefitClaims(batch_id=batch.batch_id, source_name="test", period_key=202406,
                                          region_code="15.05", programme_set=programme, cases=cases,
                                          benefits_paid_idr=paid))


def test_the_five_press_cases_like_with_like(warehouse_url: str) -> None:
    from warehouse.db import get_engine, session_scope

    _seed(warehouse_url)
    texts = {
        "target": ("Pemerintah Provinsi Jambi menargetkan 118.875 pekerja rentan terlindungi program BPJS "
                   "Ketenagakerjaan pada tahun 2024 melalui BKBK.", "118.875", datetime(2024, 6, 10)),
        "fishers": ("Sebanyak 3.500 nelayan di Kabupaten Tanjung Jabung Timur didaftarkan sebagai peserta "
                    "BPJAMSOSTEK melalui APBD kabupaten tahun ini.", "3.500", datetime(2024, 5, 8)),
        "heir": ("Ahli waris seorang petani karet di Kabupaten Tebo menerima santunan Jaminan Kematian (JKM) dari "
                 "BPJS Ketenagakerjaan sebesar Rp 42 juta.", "Rp 42 juta", datetime(2024, 5, 21)),
        "bpu": ("Jumlah peserta Bukan Penerima Upah (BPU) BPJS Ketenagakerjaan di Kota Jambi bertambah menjadi "
                "30.958 orang pada Mei 2024.", "30.958", datetime(2024, 5, 27)),
        "jkk": ("Klaim JKK di Kabupaten Muaro Jambi meningkat pada Juni 2024. BPJS Ketenagakerjaan mencatat 9 kasus "
                "kecelakaan kerja dengan total manfaat yang dibayarkan Rp 310 juta.", "9 kasus", datetime(2024, 6, 28)),
    }
    with session_scope(get_engine(warehouse_url)) as session:
        warehouse = WarehouseViews(session)
        verdicts = {}
        for name, (text, figure, published) in texts.items():
            claim = claim_of(text, figure, published)
            verdicts[name] = reconcile(PressClaim.from_claim(claim, f"{published:%Y-%m}"), warehouse)
    target = verdicts["target"]
    assert target.status == "target" and target.warehouse_value == 105_234  # APBD Provinsi BPU, June 2024
    assert target.progress_pct == pytest.approx(88.5, abs=0.1)
    # 3.500 fishers funded by the regency against all 1.070 regency-funded BPU participants: more than the whole.
    assert (verdicts["fishers"].status, verdicts["fishers"].warehouse_value) == ("differs", 1_070)
    assert "nelayan" in (verdicts["fishers"].note or "")
    assert (verdicts["heir"].status, verdicts["heir"].warehouse_value) == ("consistent", 42_000_000)
    assert "JKM" in (verdicts["heir"].basis or "")
    assert (verdicts["bpu"].status, verdicts["bpu"].warehouse_value) == ("consistent", 30_958)  # BPU only, not PU
    assert (verdicts["jkk"].status, verdicts["jkk"].warehouse_value) == ("consistent", 9)  # JKK only, not JKM


def test_unmatched_dimensions_are_not_comparable_never_different(warehouse_url: str) -> None:
    from warehouse.db import get_engine, session_scope

    _seed(warehouse_url)
    with session_scope(get_engine(warehouse_url)) as session:
        warehouse = WarehouseViews(session)

        def verdict(**fields: object) -> tuple[str, str | None]:
            base: dict[str, object] = {"kind": "count", "metric": "participants", "value": 1.0,
                                       "region_code": "15.05", "period": "2024-06"}
            result = reconcile(PressClaim(**{**base, **fields}), warehouse)  # type: ignore[arg-type]
            return result.status, result.note

        assert verdict(value=7_440, funding_source="DBH_SAWIT")[0] == "no_comparable_data"
        assert "DBH Sawit" in (verdict(value=7_440, funding_source="DBH_SAWIT")[1] or "")
        assert verdict(metric="claims_cases", value=3, segment="BPU")[0] == "no_comparable_data"
        assert verdict(kind="percent", metric="coverage_rate", value=40, segment="BPU")[0] == "no_comparable_data"
        assert verdict(value=1_000, segment="JAKON")[0] == "no_comparable_data"  # no rows of that segment
        assert verdict(value=100_000, segment="BPU", funding_source="APBD_PROV")[0] == "consistent"
        assert verdict(value=120_000, segment="BPU", funding_source="APBD_PROV")[0] == "differs"
        assert verdict(metric="contributions", kind="money", value=5e9, period="2024")[0] == "no_comparable_data"
        assert verdict(kind="money", metric="rate", value=16_800, modality="entitlement")[0] == "no_comparable_data"
        # A change over a stated interval against the warehouse change over the same months.
        assert verdict(value=1_000, modality="change", segment="BPU",
                       sentence="bertambah 1.000 orang dibanding bulan lalu")[0] == "consistent"
        assert verdict(value=3_000, modality="change", segment="BPU",
                       sentence="bertambah 3.000 orang dibanding bulan lalu")[0] == "differs"
        assert verdict(value=1_000, modality="change", sentence="bertambah 1.000 orang")[0] == "no_comparable_data"


def test_stored_claims_reach_the_report_like_with_like(warehouse_url: str) -> None:
    """News pipeline analysis → news_figure claim columns → reconciliation → the report's two sections;
    reconciling twice changes nothing."""
    import hashlib

    from pantau.news import analyse_text
    from reports.build import collect
    from reports.reviewed_claims import reconcile_claims
    from warehouse.db import get_engine, session_scope
    from warehouse.models import AuditIngestBatch
    from warehouse.news_loader import ArticleRecord, load_articles

    _seed(warehouse_url)
    text = ("JAMBI - Pemerintah Provinsi Jambi menargetkan 118.875 pekerja rentan terlindungi BPJS Ketenagakerjaan "
            "pada tahun 2024 melalui BKBK.\n\nJumlah peserta Bukan Penerima Upah (BPU) di Kota Jambi menjadi "
            "30.958 orang pada Mei 2024.\n\nIuran pekerja rentan cukup Rp 16.800 per bulan.")
    published = datetime(2024, 6, 10, 2, 0, tzinfo=UTC)
    mentions, figures = analyse_text(text, published)
    stored = {f.text: f for f in figures}
    target = stored["118.875 pekerja rentan"].claim
    assert target is not None
    assert (target.modality, target.funding_source) == ("target", "APBD_PROV")
    assert target.cues and target.cues["modality"] == "menargetkan"
    engine = get_engine(warehouse_url)
    with session_scope(engine) as session:
        batch = AuditIngestBatch(source_name="news", dataset="news", file_name="crawl", sha256="1" * 64,
                                 received_at=datetime.now(UTC), status="published")
        session.add(batch)
        session.flush()
        load_articles(session, batch.batch_id, [ArticleRecord(
            url="http://news.test/a", canonical_url="http://news.test/a", site_name="kabar", title="Judul",
            published_at=published, period_key=202406, author=None, section=None, tags=[], text=text,
            content_sha256=hashlib.sha256(text.encode()).hexdigest(), mentions=mentions, figures=figures)])
    for _ in range(2):
        with session_scope(engine) as session:
            counts = reconcile_claims(session)
    assert counts == {"target": 1, "consistent": 1, "no_comparable_data": 1}
    with session_scope(engine) as session:
        data = collect(session, Period(2024, 6))
    assert [(t.figure_text, t.realised_value, t.progress_pct) for t in data.targets] == [
        ("118.875 pekerja rentan", 105_234, pytest.approx(88.5, abs=0.1))]
    assert {c.figure_text: c.status for c in data.claims} == {
        "30.958 orang": "consistent", "Rp 16.800": "no_comparable_data"}
    bpu = next(c for c in data.claims if c.figure_text == "30.958 orang")
    assert bpu.basis and "BPU" in bpu.basis and bpu.dimensions == "BPU"
