"""Canonical domain transforms: regions, numbers, dates, programmes, NIKs and pseudonyms."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from core.errors import ConfigurationError
from transforms.dates import DateParseError, Period, find_period, parse_date, parse_datetime_id
from transforms.nik import InvalidNik, validate_nik
from transforms.numbers import (
    NumberParseError,
    NumberStyle,
    classify,
    detect_style,
    format_percent,
    format_rupiah,
    parse_int,
    parse_number,
)
from transforms.programmes import UnknownCode, resolve_funding_source, resolve_programmes, resolve_segment
from transforms.pseudonyms import Pseudonymiser
from transforms.regions import CodeSystem, UnknownRegion, resolve_region

ID, EN = NumberStyle.INDONESIAN, NumberStyle.ENGLISH


@pytest.mark.parametrize(("text", "code"), [
    ("Kab. Tanjab Barat", "15.06"), ("TANJUNGJABUNG TIMUR", "15.07"), ("Tanjabtim", "15.07"),
    ("Batang Hari", "15.04"), ("Muara Jambi", "15.05"), ("  muarojambi ", "15.05"), ("Kota Jambi", "15.71"),
    ("SUNGAIPENUH", "15.72"), ("Kabupaten Kerinci", "15.01"), ("Prov. Jambi", "15"), ("15.08", "15.08"),
])
def test_region_names_and_codes_resolve(text: str, code: str) -> None:
    assert resolve_region(text).code == code


def test_bps_and_kemendagri_codes_differ_for_four_regencies() -> None:
    assert resolve_region("1506", code_system=CodeSystem.BPS).name == "Tanjung Jabung Timur"
    assert resolve_region("15.06", code_system=CodeSystem.KEMENDAGRI).name == "Tanjung Jabung Barat"
    assert resolve_region("1509", code_system=CodeSystem.BPS).name == "Bungo"
    with pytest.raises(UnknownRegion, match="ambiguous"):
        resolve_region("1506")  # a bare code that means different regencies in the two systems
    assert resolve_region("1501").name == "Kerinci"  # the same in both systems: no ambiguity


@pytest.mark.parametrize("text", ["Jambi", "Kab. Atlantis", "", "15.10", "Muara Bungo"])
def test_unknown_or_ambiguous_regions_are_refused_not_guessed(text: str) -> None:
    with pytest.raises(UnknownRegion):
        resolve_region(text)


@pytest.mark.parametrize(("text", "style", "value"), [
    ("1.234.567", ID, Decimal(1234567)), ("12,5", ID, Decimal("12.5")), ("Rp 15,4 miliar", ID, Decimal(15_400_000_000)),
    ("117 ribu", ID, Decimal(117_000)), ("2,3 juta", ID, Decimal(2_300_000)), ("1,2 triliun", ID, Decimal(1_200_000_000_000)),
    ("-", ID, Decimal(0)), ("446,819,131.00", EN, Decimal("446819131.00")), ("Rp. 23.960.000.000", ID,
                                                                            Decimal(23_960_000_000)),
    ("(1.500)", ID, Decimal(-1500)), (12.0, ID, Decimal(12)), ("7,7 M", ID, Decimal(7_700_000_000)),
])
def test_numbers_parse(text: object, style: NumberStyle, value: Decimal) -> None:
    assert parse_number(text, style) == value


def test_ambiguous_numbers_follow_the_column_convention() -> None:
    assert classify("1.234") is None and classify("1.234.567") is ID and classify("1,234,567") is EN
    assert detect_style(["1.234", "12.345.678"]) is ID
    assert detect_style(["1,234", "12,345,678.00"]) is EN
    assert parse_number("1.234", ID) == 1234 and parse_number("1.234", EN) == Decimal("1.234")
    with pytest.raises(NumberParseError):
        parse_number("12.5", ID)  # not 125: refused rather than guessed
    with pytest.raises(NumberParseError):
        parse_int("12,5", ID)
    with pytest.raises(NumberParseError):
        parse_number("12a", ID)


def test_indonesian_formatting() -> None:
    assert format_rupiah(1234567) == "Rp 1.234.567"
    assert format_percent(41.234) == "41,2%"


@pytest.mark.parametrize(("text", "period"), [
    ("REKAP KEPESERTAAN BULAN JUNI 2024", Period(2024, 6)), ("06/2024", Period(2024, 6)),
    ("2024-06", Period(2024, 6)), ("Jun-24", Period(2024, 6)), ("Agustus 2024", Period(2024, 8)),
    ("Nopember 2023", Period(2023, 11)),
])
def test_periods_are_found(text: str, period: Period) -> None:
    assert find_period(text) == period


def test_dates_are_day_first_and_know_indonesian_months() -> None:
    assert parse_date("22-SEP-2023") == date(2023, 9, 22)
    assert parse_date("Senin (10/6/2024)") == date(2024, 6, 10)
    moment = parse_datetime_id("Selasa, 11 Juni 2024 09:14 WIB")
    assert (moment.hour, moment.minute, moment.utcoffset().total_seconds()) == (9, 14, 7 * 3600)  # type: ignore[union-attr]
    with pytest.raises(DateParseError):
        parse_date("31/02/2024")
    with pytest.raises(DateParseError):
        Period.parse("2024-13")


def test_programme_bundles_segments_and_funding() -> None:
    assert [p.code for p in resolve_programmes("JKK-JKM")] == ["JKK", "JKM"]
    assert [p.code for p in resolve_programmes("JKK & JKM")] == ["JKK", "JKM"]
    assert resolve_segment("Bukan Penerima Upah").code == "BPU"
    assert resolve_funding_source("APBD Kab/Kota").code == "APBD_KAB"
    with pytest.raises(UnknownCode):
        resolve_funding_source("CSR")


def test_nik_structure() -> None:
    info = validate_nik("1505014101900001")
    assert (info.regency_code, info.birth_date, info.sex) == ("15.05", date(1990, 1, 1), "F")
    assert validate_nik("1505 0101 0190 0001").sex == "M"  # digits grouped by a person
    assert validate_nik("3201010101900001").province_code == "32"  # another province is legitimate
    for bad, reason in [("150501410190", "12 digits"), ("9905014101900001", "province code 99"),
                        ("1505013102900001", "31/02"), ("1500014101900001", "00"), ("15050141019O0001", "digits"),
                        ("1.5050141019E+15", "scientific notation"), ("1.505010101900001E+15", "scientific notation"),
                        (1505010101900001, "a number"), (1505010101900001.0, "a number")]:
        with pytest.raises(InvalidNik, match=reason) as error:
            validate_nik(bad)
        assert "1505" not in str(error.value)  # the message never repeats the NIK


def test_pseudonyms_are_keyed_and_stable() -> None:
    first, second = Pseudonymiser(b"k" * 32), Pseudonymiser(b"j" * 32)
    assert first.pseudonym("1505014101900001") == first.pseudonym("1505014101900001")
    assert first.pseudonym("1505014101900001") != second.pseudonym("1505014101900001")
    assert len(first.pseudonym("1505014101900001")) == 32
    assert "k" * 32 not in repr(first)
    with pytest.raises(ConfigurationError):
        Pseudonymiser(b"short")


def test_missing_key_is_a_configuration_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from core.settings import reset_settings

    monkeypatch.delenv("PANTAU_PSEUDONYM_KEY")
    reset_settings()
    with pytest.raises(ConfigurationError, match="PANTAU_PSEUDONYM_KEY"):
        Pseudonymiser.from_settings()


def test_logs_scrub_nik_like_numbers() -> None:
    from core.logs import scrub

    assert scrub("peserta 1505014101900001 ditolak") == "peserta <nik-redacted> ditolak"
    assert scrub("batch 12 loaded 1234567 rows") == "batch 12 loaded 1234567 rows"
