"""The bundled national region reference: every province and regency/city with both codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.errors import InputRejected
from transforms import regions
from transforms.national_regions import REGION_FILE, national_regions, read_region_reference
from transforms.regions import CodeSystem


def test_the_reference_holds_every_province_and_regency_of_indonesia() -> None:
    reference = national_regions()
    assert len(reference.provinces()) == 38
    assert len([r for r in reference.regions if r.kind != "province"]) == 514
    assert len([r for r in reference.regions if r.kind == "city"]) == 98
    assert "2025" in reference.kemendagri_source and "2020" in reference.bps_source
    assert {len(reference.within(p.kemendagri_code)) > 0 for p in reference.provinces()} == {True}


def test_every_code_pair_that_differs_is_marked_and_only_those() -> None:
    reference = national_regions()
    differ = [r for r in reference.regions if r.bps_code and r.bps_code != r.kemendagri_code.replace(".", "")]
    assert {r.kemendagri_code for r in differ} == {r.kemendagri_code for r in reference.regions if r.codes_differ}
    assert len(differ) == 201
    # Papua and Papua Barat swap province codes between the systems.
    assert (reference.by_code("91").bps_code, reference.by_code("92").bps_code) == ("94", "91")
    # The regencies of the four Papua provinces formed in 2022 say where their BPS code comes from.
    for province in ("93", "94", "95", "96"):
        assert reference.by_code(province).bps_code is None
        assert all("2020" in r.note for r in reference.within(province))


def test_jambi_agrees_with_the_region_dictionary_pantau_reads_exports_with() -> None:
    reference = national_regions()
    national = {r.kemendagri_code: r.bps_code for r in (reference.by_code("15"), *reference.within("15"))}
    assert national == {r.kemendagri_code: r.bps_code for r in regions.REGIONS}
    assert reference.by_code("1507", CodeSystem.BPS).kemendagri_code == "15.06"  # Tanjung Jabung Barat
    # The same two digits name different provinces in the two systems.
    assert reference.by_code("94").name == "Papua Tengah"
    assert reference.by_code("94", CodeSystem.BPS).name == "Papua"


def test_a_file_whose_counts_disagree_with_its_rows_is_refused(tmp_path: Path) -> None:
    text = REGION_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "regions.yaml"
    broken.write_text(text.replace("regencies_and_cities: 514", "regencies_and_cities: 515"), encoding="utf-8")
    with pytest.raises(InputRejected, match="holds 38 and 514"):
        read_region_reference(broken)
    twice = tmp_path / "twice.yaml"
    twice.write_text(text.replace('bps: "1508"', 'bps: "1509"'), encoding="utf-8")
    with pytest.raises(InputRejected, match="bps_code 1509"):
        read_region_reference(twice)
