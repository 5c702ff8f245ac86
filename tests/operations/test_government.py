"""One deployment, one government: the configuration file is read, checked and refused when malformed."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from core import government
from core.errors import InputRejected
from core.settings import reset_settings

GOVERNMENTS = Path(__file__).resolve().parents[2] / "reference" / "governments"


@pytest.fixture()
def government_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path | str], government.Government]]:
    def use(path: Path | str) -> government.Government:
        monkeypatch.setenv("PANTAU_GOVERNMENT_FILE", str(path))
        reset_settings()
        government.reset()
        return government.current()

    yield use
    monkeypatch.delenv("PANTAU_GOVERNMENT_FILE", raising=False)
    reset_settings()
    government.reset()


def test_jambi_is_the_default_government_with_its_programmes_and_target() -> None:
    jambi = government.read_government(government.DEFAULT_GOVERNMENT_FILE)
    assert (jambi.code, jambi.level, jambi.name) == ("15", "province", "Provinsi Jambi")
    assert [p.code for p in jambi.programmes] == ["BKBK", "DUMISAKE"]
    bkbk = jambi.main_programme
    assert bkbk.monthly_contribution_idr == 16_800 and bkbk.yearly_contribution_idr == 201_600
    target = bkbk.targets[0]
    assert (target.year, target.participants, target.contributions_idr) == (2024, 118_875, 23_965_200_000)
    assert target.participants * bkbk.yearly_contribution_idr == target.contributions_idr
    assert not target.source.document_verified
    assert {f.code for f in jambi.funding_sources} >= {"APBD_PROV", "APBD_KAB", "APBDES", "MANDIRI"}
    assert jambi.path(jambi.news_sites_file).is_file()
    for denominator in jambi.denominators:
        assert (GOVERNMENTS.parent / denominator.file).is_file(), denominator.file


def test_a_bare_name_in_the_setting_finds_a_bundled_government(
        government_file: Callable[[Path | str], government.Government]) -> None:
    assert government_file("jambi").code == "15"
    assert government_file("jambi.yaml").short_name == "Jambi"


def test_a_malformed_government_file_is_refused_naming_the_file_and_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load((GOVERNMENTS / "jambi.yaml").read_text(encoding="utf-8"))
    data["programmes"][0]["monthly_contribution_idr"] = "enam belas ribu"
    bad = tmp_path / "broken.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputRejected) as refused:
        government.read_government(bad)
    assert refused.value.source == str(bad)
    assert refused.value.column == "programmes.0.monthly_contribution_idr"

    data["programmes"][0]["monthly_contribution_idr"] = 16_800
    data["programmes"][0]["funding_source"] = "APBN"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputRejected, match="APBN"):
        government.read_government(bad)

    bad.write_text("code: [15\n", encoding="utf-8")
    with pytest.raises(InputRejected, match="not valid YAML"):
        government.read_government(bad)


def test_an_unknown_field_is_refused_not_ignored(tmp_path: Path) -> None:
    data = yaml.safe_load((GOVERNMENTS / "jambi.yaml").read_text(encoding="utf-8"))
    data["programme"] = data.pop("programmes")
    bad = tmp_path / "typo.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputRejected) as refused:
        government.read_government(bad)
    assert refused.value.column in ("programmes", "programme")


def test_penajam_paser_utara_is_a_regency_with_its_own_budget_and_target() -> None:
    ppu = government.read_government(GOVERNMENTS / "ppu.yaml")
    assert (ppu.code, ppu.level, ppu.province_code) == ("64.09", "regency", "64")
    assert ppu.own_funding_source == "APBD_KAB"
    programme = ppu.main_programme
    assert programme.monthly_contribution_idr == 16_800 and programme.funding_source == "APBD_KAB"
    assert [(t.year, t.participants) for t in programme.targets] == [(2025, 15_000)]


def test_a_level_that_does_not_fit_the_code_is_refused(tmp_path: Path) -> None:
    data = yaml.safe_load((GOVERNMENTS / "ppu.yaml").read_text(encoding="utf-8"))
    data["level"] = "province"
    bad = tmp_path / "level.yaml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(InputRejected, match="a province has a code like 15"):
        government.read_government(bad)
