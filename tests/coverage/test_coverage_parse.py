"""Coverage, claims and roster parsing on the committed sample set and on crafted files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.errors import InputRejected
from extractors.coverage import read_export
from extractors.roster import find_double_funding, read_roster
from samples.coverage import generate_coverage_samples
from tests.conftest import SAMPLE_DIR
from transforms.dates import Period
from transforms.pseudonyms import Pseudonymiser

SAMPLES = SAMPLE_DIR / "coverage"


@pytest.mark.parametrize("name", ["rekap-kepesertaan-2024-04.xlsx", "rekap-kepesertaan-2024-05.csv",
                                  "rekap-kepesertaan-2024-06.csv"])
def test_sample_exports_parse_with_their_faults_quarantined(name: str) -> None:
    parsed = read_export(SAMPLES / name)
    assert parsed.dataset == "coverage"
    assert parsed.frame["region_code"].nunique() == 11
    assert len(parsed.frame) == 77
    reasons = sorted(r.reason for r in parsed.rejected)
    assert len(reasons) == 2 and "unknown region name 'Kab. Jambi Selatan'" in reasons
    assert all(t.stated == t.computed for t in parsed.totals) and len(parsed.totals) == 2
    # BKBK rows are paid at exactly Rp 16.800 per person per month.
    bkbk = parsed.frame[parsed.frame.funding_source_code == "APBD_PROV"]
    assert (bkbk.contributions_idr == bkbk.active_participants * 16_800).all()
    # Nothing from the signature block (an official's name and NIP) survives anywhere.
    for rejected in parsed.rejected:
        assert "NIP" not in str(rejected.raw) and "Pejabat" not in str(rejected.raw)


def test_english_style_numbers_are_detected_per_file() -> None:
    parsed = read_export(SAMPLES / "rekap-kepesertaan-2024-06.csv")
    assert parsed.number_style == "en"
    assert parsed.period == Period(2024, 6)
    assert parsed.frame["contributions_idr"].sum() > 50_000_000_000


def test_claims_export() -> None:
    parsed = read_export(SAMPLES / "klaim-jkk-jkm-2024-05.csv")
    assert parsed.dataset == "claims"
    jkm = parsed.frame[parsed.frame.programme_set == "JKM"]
    assert (jkm.benefits_paid_idr == jkm.cases * 42_000_000).all()


def test_period_is_checked_against_the_run() -> None:
    with pytest.raises(InputRejected, match=r"for Mei 2024 .* this run is for Juni 2024"):
        read_export(SAMPLES / "rekap-kepesertaan-2024-05.csv", expected_period=Period(2024, 6))


def test_roster_pseudonymises_and_finds_double_funding() -> None:
    pseudonymiser = Pseudonymiser(b"test-key-0123456789abcdef")
    parsed = read_roster(SAMPLES / "daftar-peserta-bkbk-2024-06.csv", pseudonymiser)
    frame = parsed.frame
    assert "nik" not in frame.columns and "name" not in frame.columns
    assert frame.person_pseudonym.str.fullmatch(r"[0-9a-f]{32}").all()
    text = (SAMPLES / "daftar-peserta-bkbk-2024-06.csv").read_text()
    first_nik = text.splitlines()[3].split(";")[1]
    assert first_nik not in frame.to_csv()
    assert [r.reason.split(":")[0] for r in parsed.rejected] == ["NIK invalid", "NIK invalid"]
    findings = find_double_funding(frame)
    assert len(findings) == 2
    kinds = sorted((len(f.regions) > 1, "MANDIRI" in f.funding_sources) for f in findings)
    assert kinds == [(False, True), (True, False)]


def test_generator_is_deterministic(tmp_path: Path) -> None:
    first = generate_coverage_samples(tmp_path / "a", months=2)
    second = generate_coverage_samples(tmp_path / "b", months=2)
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in first]
    assert digest == [hashlib.sha256(p.read_bytes()).hexdigest() for p in second]
    committed = sorted(p.name for p in SAMPLES.iterdir() if p.suffix != ".md")
    regenerated = generate_coverage_samples(tmp_path / "c")
    assert sorted(p.name for p in regenerated) == committed
    for path in regenerated:
        assert path.read_bytes() == (SAMPLES / path.name).read_bytes(), path.name


def test_a_wrong_header_names_what_it_lacks_for_the_export_it_resembles(tmp_path: Path) -> None:
    title = "REKAP KEPESERTAAN BPJS KETENAGAKERJAAN\nBULAN JUNI 2024\n"
    coverage = tmp_path / "rekap.csv"  # "Peserta Aktif" misspelt: still a coverage export by its other columns
    coverage.write_text(title + "No;Kabupaten/Kota;Segmen;Program;Sumber Dana;Peserta Aktf;Jumlah Iuran\n"
                                "1;Kerinci;BPU;JKK-JKM;APBD Provinsi;10;168.000\n", encoding="utf-8")
    with pytest.raises(InputRejected) as refused:
        read_export(coverage)
    assert "looks like a coverage export, but the column 'Peserta Aktif' is missing" in str(refused.value)
    assert "Peserta Aktf" in str(refused.value) and "Jumlah Kasus" not in str(refused.value)
    claims = tmp_path / "klaim.csv"
    claims.write_text("REKAP KLAIM JKK BULAN JUNI 2024\nNo;Kabupaten/Kota;Program;Jumlah Kasus;Nominal\n"
                      "1;Kerinci;JKK;3;1.000.000\n", encoding="utf-8")
    with pytest.raises(InputRejected, match="looks like a claims export, but the column 'Nominal Klaim/Manfaat'"):
        read_export(claims)
