"""The kinds of figure real Jambi press gets typed wrong, read the way a careful reader reads them.

Payments to heirs (what each family received is one case's payment, the number of heirs a count of
cases), people covered beside the whole workforce, shares of a group or a budget beside rates, and a
programme the article names once, sentences before the figure. Sentences written here in this
project's own words; every labelled set is held to the figures docs/press.md states for it, the
held-out ones as a whole.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

import pytest

from transforms.claims import Claim, extract_claims

PUBLISHED = datetime(2025, 5, 20, 10, 0)


def claims_of(text: str, published: datetime = PUBLISHED) -> dict[str, Claim]:
    return {claim.text: claim for claim in extract_claims(text, published_at=published)}


def test_what_each_heir_received_is_one_payment_and_the_heirs_are_cases() -> None:
    found = claims_of("BPJS Ketenagakerjaan menyerahkan santunan kepada keluarga 4 nelayan peserta di Tebo. "
                      "Tiap keluarga memperoleh Rp 42 juta, sehingga santunan seluruhnya Rp 168 juta.")
    heirs, each, total = found["4 nelayan"], found["Rp 42 juta"], found["Rp 168 juta"]
    assert heirs.metric == "claims_cases" and heirs.cues["metric"] == "keluarga"
    assert (each.metric, each.scope, each.modality) == ("benefits_paid", "single", "realised")
    assert (total.metric, total.scope) == ("benefits_paid", "aggregate")
    # An average per heir is a rate, even when "each" follows it.
    average = claims_of("Rata-rata setiap ahli waris menerima Rp 41,8 juta.")["Rp 41,8 juta"]
    assert (average.metric, average.modality) == ("rate", "realised")


def test_people_covered_beside_the_workforce() -> None:
    found = claims_of("Dari kurang lebih 96 ribu tenaga kerja di Bungo, baru 35.200 orang yang terlindungi. "
                      "Buruh kebun mendominasi pekerja yang belum terlindungi, sekitar 40 ribu orang.")
    assert found["96 ribu tenaga kerja"].metric == "workforce"
    assert found["35.200 orang"].metric == "participants"
    assert found["40 ribu orang"].metric == "other"  # not covered: neither the pool nor the participants


@pytest.mark.parametrize(("sentence", "figure", "metric", "modality"), [
    ("Sebanyak 30 persen di antaranya adalah pekerja bukan penerima upah.", "30 persen", "other", "realised"),
    ("Petani menyumbang 41 persen dari peserta di kabupaten itu.", "41 persen", "other", "realised"),
    ("Belanja iuran itu setara 0,4 persen dari total APBD.", "0,4 persen", "other", "realised"),
    ("Kira-kira 10 persen darinya digunakan untuk iuran pekerja rentan.", "10 persen", "rate", "entitlement"),
    ("Dari Rp 90 juta dana desa yang diterima tiap desa, sebagian untuk iuran.", "Rp 90 juta", "rate", "entitlement"),
])
def test_shares_are_not_coverage_and_rates_are_not_levels(sentence: str, figure: str, metric: str,
                                                          modality: str) -> None:
    claim = claims_of(sentence)[figure]
    assert (claim.metric, claim.modality) == (metric, modality), claim.cues


def test_a_programme_named_once_carries_to_the_benefits_after_it() -> None:
    found = claims_of("SAROLANGUN - BPJS Ketenagakerjaan membayar manfaat Jaminan Kematian kepada keluarga 2 "
                      "pekerja rentan, Senin (19/5/2025). Masing-masing menerima Rp 42 juta.\n\n"
                      "Sepanjang 2024, santunan Rp 1,2 miliar dibayarkan kepada 28 ahli waris.")
    assert found["Rp 42 juta"].programmes == ("JKM",)
    assert found["28 ahli waris"].programmes == ("JKM",) and found["Rp 1,2 miliar"].programmes == ("JKM",)
    assert "disebut sebelumnya" in found["Rp 1,2 miliar"].cues["programmes"]
    # Two programmes named before: the words do not say which one a later count is of.
    two = claims_of("Klaim JKK tahun lalu 410 kasus. Untuk JKM, 95 ahli waris menerima santunan. "
                    "Klaim peserta pekerja rentan mencapai 120 kasus.")
    assert two["120 kasus"].programmes == ()


def test_a_level_dated_after_the_article_goes_to_review() -> None:
    later = claims_of("Hingga akhir 2025, peserta aktif di Tebo tercatat 52 ribu orang.")["52 ribu orang"]
    assert later.needs_review and any("setelah artikel terbit" in r for r in later.review_reasons)
    earlier = claims_of("Hingga akhir 2024, peserta aktif di Tebo tercatat 49 ribu orang.")["49 ribu orang"]
    assert not any("setelah artikel terbit" in r for r in earlier.review_reasons)


def test_the_fourth_held_out_set_holds_its_figures() -> None:
    from tests.claims.press_sets import HELD_OUT_3, load_set, score

    result = score(load_set(HELD_OUT_3))
    assert result["figure_recall"] == 1.0
    assert result["decided_share"] >= 0.95
    assert result["decided_typed_accuracy"] >= 0.95
    assert result["decided_not_realised_as_realised"] == 0, result["decided_misread"]


def test_what_someone_wants_is_a_target_and_a_budget_for_contributions_is_a_budget() -> None:
    found = claims_of("Bupati ingin 18 ribu petani karet terlindungi BPJS Ketenagakerjaan. Tahun lalu anggaran "
                      "iuran Rp 3,6 miliar. Jumlah pekerja rentan yang dibiayai kabupaten kini 7.400 orang.")
    assert found["18 ribu petani"].modality == "target"
    assert found["Rp 3,6 miliar"].metric == "budget"
    assert found["7.400 orang"].metric == "participants"


def test_people_who_drew_a_benefit_are_cases_and_so_is_their_rise() -> None:
    found = claims_of("Sebanyak 6.420 peserta mengajukan klaim JHT di Bungo, naik 12 persen dari tahun lalu.")
    assert found["6.420 peserta"].metric == "claims_cases"
    rise = found["12 persen"]
    assert (rise.metric, rise.modality) == ("claims_cases", "change")


def test_a_groups_yearly_cost_is_no_price_per_person_and_goes_to_review() -> None:
    cost = claims_of("Pemkab membiayai iuran 3.100 nelayan dengan biaya Rp 625 juta per tahun.")["Rp 625 juta"]
    assert cost.metric != "rate" and cost.needs_review
    price = claims_of("Iuran yang dibayar pemkab Rp 201.600 per orang per tahun.")["Rp 201.600"]
    assert (price.metric, price.modality) == ("rate", "entitlement")


def test_the_whole_of_a_trade_is_the_pool() -> None:
    pool = claims_of("Jumlah nelayan di Tanjab Timur diperkirakan sekitar 12 ribu orang.")["12 ribu orang"]
    assert pool.metric == "workforce"
    covered = claims_of("Jumlah nelayan yang terdaftar sebagai peserta kini 4.300 orang.")["4.300 orang"]
    assert covered.metric == "participants"


def test_a_figure_that_points_back_takes_the_kind_counted_before() -> None:
    found = claims_of("Peserta aktif di Kota Jambi kini 97.200 orang.\n\nPenurunan sebanyak 1.850 orang itu "
                      "terjadi karena kontrak tenaga honorer berakhir.")
    fall = found["1.850 orang"]
    assert (fall.metric, fall.modality) == ("participants", "change")
    assert "merujuk ke sana" in fall.cues["metric"] and not fall.needs_review
    # Nothing typed before it: nothing to point back to, and a person looks.
    alone = claims_of("Angka itu mencapai 1.850 orang.")["1.850 orang"]
    assert alone.needs_review


PRESS_DOC = Path(__file__).resolve().parents[2] / "docs" / "press.md"
DOC_ROWS = {"tuned (": "tuned", "first held-out": "held_out", "second held-out": "held_out_2",
            "fourth held-out": "held_out_3", "fifth held-out": "held_out_4"}


def stated_claims_table() -> dict[str, tuple[float, float, int]]:
    """Decided share, typed right among decided and dangerous readings of each set, as docs/press.md states."""
    stated = {}
    for line in PRESS_DOC.read_text(encoding="utf-8").splitlines():
        row = re.match(r"^\| ([^|]+) \| \d+ / \d+ \| (\d\.\d+) \| (\d\.\d+) \(\d\.\d+\) \| (\d+) \|", line)
        name = next((key for label, key in DOC_ROWS.items() if row and row.group(1).startswith(label)), None)
        if row and name:
            stated[name] = (float(row.group(2)), float(row.group(3)), int(row.group(4)))
    return stated


def test_every_claims_set_holds_the_figures_the_press_note_states() -> None:
    """The fifth set was written before the latest change and is only scored as a whole; its decided share
    (0.784) is under the 0.80 target, and the note says so."""
    from tests.claims.press_sets import SETS, load_set, score

    stated = stated_claims_table()
    assert set(stated) == set(SETS), f"docs/press.md's claims table names {sorted(stated)}"
    for name, path in SETS.items():
        result = score(load_set(path))
        share, typed, dangerous = stated[name]
        assert result["decided_share"] >= share - 0.0005, (name, result["decided_share"], share)
        assert result["decided_typed_accuracy"] >= typed - 0.0005, (name, result["decided_typed_accuracy"], typed)
        assert result["decided_not_realised_as_realised"] <= dangerous == 0, name
