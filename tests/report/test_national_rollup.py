"""Two governments in one real PostgreSQL warehouse, each loaded by its own deployment through the CLI,
then ``pantau report national``: each government's figures come from its own funding source and its own
batches, shares of a denominator are ranked only against the same kind of denominator, and the page says
why when they differ.

The second government is a test configuration: Kabupaten Kerinci (15.01) paying JKK + JKM for vulnerable
workers from its own budget (APBD Kabupaten) in the same regency where the province pays for others, which
is how governments sit side by side (Kalimantan Timur and Penajam Paser Utara do the same)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from core import government
from core.settings import reset_settings
from tests.coverage import variants
from tests.security.test_bad_inputs import run_cli

pytestmark = pytest.mark.postgres
HEADER = ["No", "Kode Wilayah", "Kabupaten/Kota", "Sumber Dana", "Peserta Aktif", "Iuran (Rp)"]
RATE = 16_800
JAMBI_POTENTIAL_2024 = 1_312_370  # reference/workforce/bpjstk-pekerja-potensial-2024.yaml
KERINCI_POTENTIAL_2024 = 92_562  # the same file's (derived) Kerinci row


def _export(path: Path, rows: list[tuple[str, str, str, int]], title: str) -> Path:
    lines: list[list[object]] = [HEADER]
    lines += [[i, code, name, funding, variants.rupiah(n), variants.rupiah(n * RATE)]
              for i, (code, name, funding, n) in enumerate(rows, start=1)]
    return variants.write_csv(path, lines, title=[title, "BULAN JUNI 2024", ""])


def _kerinci_file(folder: Path, measure: str) -> Path:
    """Kabupaten Kerinci's configuration: Jambi's file with the regency's code, names, budget and target."""
    data = yaml.safe_load(government.DEFAULT_GOVERNMENT_FILE.read_text(encoding="utf-8"))
    programme = {**data["programmes"][0], "code": "PRK", "name": "Perlindungan Pekerja Rentan Kerinci",
                 "full_name": "", "press_words": [r"\bpekerja rentan Kerinci\b"], "funding_source": "APBD_KAB",
                 "targets": [{"series": "test-kerinci-target-2024", "version": 1, "year": 2024, "participants": 2_000,
                              "source": {"publisher": "Pemerintah Kabupaten Kerinci", "document": "Target uji",
                                         "document_verified": False, "retrieved": "2026-12-01"}}]}
    data.update(code="15.01", level="regency", name="Kabupaten Kerinci", short_name="Kerinci",
                own_funding_source="APBD_KAB", programmes=[programme],
                denominators=[{"file": "workforce/bpjstk-pekerja-potensial-2024.yaml", "measure": measure}]
                if measure == "pekerja_potensial" else
                [{"file": "workforce/bps-penduduk-bekerja-kabupaten-2019-2021.yaml", "measure": measure}])
    data["names"] = {**data["names"], "payer": "Pemerintah Kabupaten Kerinci", "own_budget": "APBD Kabupaten"}
    path = folder / f"kerinci-{measure}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _serve(monkeypatch: pytest.MonkeyPatch, path: Path | None) -> None:
    if path is None:
        monkeypatch.delenv("PANTAU_GOVERNMENT_FILE", raising=False)
    else:
        monkeypatch.setenv("PANTAU_GOVERNMENT_FILE", str(path))
    reset_settings()
    government.reset()


def _cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str) -> Any:
    code, out, err = run_cli(capsys, monkeypatch, *args, "--format", "json")
    assert code == 0 and "Traceback" not in out + err, out + err
    return json.loads(out)


@pytest.fixture()
def two_governments(pg_url: str, tmp_path: Path, capsys, monkeypatch) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Jambi's deployment loads the province's export; Kerinci's loads its own (with a Merangin row, set aside)."""
    _serve(monkeypatch, None)
    jambi = _cli(capsys, monkeypatch, "coverage", "ingest", "--period", "2024-06", str(_export(
        tmp_path / "jambi-2024-06.csv", [("15.01", "Kerinci", "APBD Provinsi", 1_000),
                                         ("15.02", "Merangin", "APBD Provinsi", 2_000),
                                         ("15.71", "Kota Jambi", "APBD Provinsi", 500)],
        "REKAP KEPESERTAAN BKBK PROVINSI JAMBI")))[0]
    _serve(monkeypatch, _kerinci_file(tmp_path, "pekerja_potensial"))
    kerinci = _cli(capsys, monkeypatch, "coverage", "ingest", "--period", "2024-06", str(_export(
        tmp_path / "kerinci-2024-06.csv", [("15.01", "Kerinci", "APBD Kab/Kota", 1_500),
                                           ("15.02", "Merangin", "APBD Kab/Kota", 40)],
        "REKAP KEPESERTAAN PEKERJA RENTAN APBD KABUPATEN KERINCI")))[0]
    assert (jambi["status"], kerinci["status"]) == ("published", "published"), (jambi, kerinci)
    assert (kerinci["rows_loaded"], kerinci["rows_set_aside"]) == (1, 1)  # Merangin is not Kerinci's
    yield {"15": jambi["batch_id"], "15.01": kerinci["batch_id"]}
    _serve(monkeypatch, None)


def test_roll_up_compares_like_with_like_and_traces_each_figure(two_governments: dict[str, int], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                 capsys, monkeypatch) -> None:
    page = tmp_path / "nasional.html"
    result = _cli(capsys, monkeypatch, "report", "national", "--period", "2024-06", "--out", str(page))
    by_code = {g["code"]: g for g in result["governments"]}
    assert set(by_code) == {"15", "15.01"}
    jambi, kerinci = by_code["15"], by_code["15.01"]
    # Each government's own money only: Kerinci's 1.000 paid by the province are the province's.
    assert (jambi["participants"], jambi["contributions_idr"], jambi["own_funding_source"]) == \
        (3_500, 3_500 * RATE, "APBD_PROV")
    assert (kerinci["participants"], kerinci["contributions_idr"], kerinci["own_funding_source"]) == \
        (1_500, 1_500 * RATE, "APBD_KAB")
    assert jambi["cost_per_participant_idr"] == kerinci["cost_per_participant_idr"] == RATE
    assert (jambi["denominator_measure"], jambi["denominator"]) == ("pekerja_potensial", JAMBI_POTENTIAL_2024)
    assert (kerinci["denominator_measure"], kerinci["denominator"]) == ("pekerja_potensial", KERINCI_POTENTIAL_2024)
    assert jambi["share_pct"] == pytest.approx(100 * 3_500 / JAMBI_POTENTIAL_2024)
    assert kerinci["share_pct"] == pytest.approx(100 * 1_500 / KERINCI_POTENTIAL_2024)
    # Lineage: each figure to its own government's batch, and nothing else.
    assert jambi["batch_ids"] == [two_governments["15"]] and kerinci["batch_ids"] == [two_governments["15.01"]]
    # Progress against each one's own official target.
    assert [(t["series"], t["target"], t["participants"]) for t in jambi["targets"]] == \
        [("bkbk-target-2024", 118_875, 3_500)]
    assert [(t["series"], t["target"], round(t["progress_pct"], 1)) for t in kerinci["targets"]] == \
        [("test-kerinci-target-2024", 2_000, 75.0)]
    assert jambi["findings_open"] is None and kerinci["findings_open"] is None  # no roster: not checked
    assert result["not_compared"] == []
    html = page.read_text(encoding="utf-8")
    assert "Perbandingan Nasional Perlindungan Pekerja Rentan" in html and 'lang="id"' in html
    assert "Kabupaten Kerinci" in html and "Provinsi Jambi" in html and "belum diperiksa" in html
    assert f'id="batch-{two_governments["15.01"]}"' in html and "Porsi peserta terhadap pekerja potensial" in html


def test_shares_against_different_kinds_of_denominator_are_not_ranked(two_governments: dict[str, int],  # type: ignore[no-untyped-def]
                                                                      tmp_path: Path, capsys, monkeypatch) -> None:
    from warehouse.db import get_engine
    from warehouse.governments import register_current

    # Kerinci's deployment now measures itself against BPS employed persons: another population.
    _serve(monkeypatch, _kerinci_file(tmp_path, "penduduk_bekerja"))
    register_current(get_engine())
    page = tmp_path / "nasional.html"
    result = _cli(capsys, monkeypatch, "report", "national", "--period", "2024-06", "--out", str(page))
    kerinci = next(g for g in result["governments"] if g["code"] == "15.01")
    assert kerinci["denominator_measure"] == "penduduk_bekerja" and kerinci["denominator_year"] == 2021
    reasons = " ".join(result["not_compared"])
    assert "penyebutnya berbeda jenis" in reasons and "Kabupaten Kerinci terhadap penduduk bekerja" in reasons
    html = page.read_text(encoding="utf-8")
    assert "penyebutnya berbeda jenis" in html


def test_each_deployment_reports_its_own_government_only(two_governments: dict[str, int], tmp_path: Path,  # type: ignore[no-untyped-def]
                                                         monkeypatch) -> None:
    from transforms.dates import Period
    from warehouse.db import get_engine, session_scope
    from warehouse.reporting import coverage_by_region

    june = Period(2024, 6)
    _serve(monkeypatch, None)
    with session_scope(get_engine()) as session:
        jambi = {e["region_code"]: e["active_participants"] for e in coverage_by_region(session, june)}
    # Kerinci's own 1.500 (APBD Kabupaten) are not in the province's report, in Kerinci or in the total.
    assert (jambi["15.01"], jambi["15.02"], jambi["15"]) == (1_000, 2_000, 3_500)
    _serve(monkeypatch, _kerinci_file(tmp_path, "pekerja_potensial"))
    with session_scope(get_engine()) as session:
        kerinci = {e["region_code"]: e["active_participants"] for e in coverage_by_region(session, june)}
    assert kerinci["15.01"] == 1_500 and kerinci["15.02"] is None  # Merangin was set aside: not Kerinci's
