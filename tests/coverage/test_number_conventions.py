"""English-style numbers in a whole file: one convention per file, per column only when the
columns disagree, and the batch record says which one was used."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from extractors.coverage import read_export
from pantau.ingest import ingest_file
from transforms.dates import Period
from transforms.numbers import NumberParseError, NumberStyle, decide_conventions, parse_count
from warehouse.db import get_engine

CORPUS = Path(__file__).resolve().parents[1] / "bad_inputs"


def test_money_column_settles_the_count_column() -> None:
    styles, description = decide_conventions({"count": ["8,410", "2,000"], "money": ["141,288,000.00"]})
    assert styles == {"count": NumberStyle.ENGLISH, "money": NumberStyle.ENGLISH}
    assert description == "en"


def test_convention_is_per_column_only_when_columns_disagree() -> None:
    styles, description = decide_conventions({"count": ["1.234.567", "2.345.678"], "money": ["141,288,000.00"]})
    assert styles == {"count": NumberStyle.INDONESIAN, "money": NumberStyle.ENGLISH}
    assert description == "per column: count id, money en"
    # Without any value that proves a convention, the default (Indonesian) holds for the file.
    assert decide_conventions({"count": ["10", "1.500"]})[1] == "id"


def test_a_count_of_people_groups_thousands_in_either_convention() -> None:
    assert parse_count("8,410", NumberStyle.INDONESIAN) == 8410
    assert parse_count("8.410", NumberStyle.ENGLISH) == 8410
    assert parse_count("12,5", NumberStyle.INDONESIAN) == parse_count("12.5", NumberStyle.ENGLISH)  # still 12,5
    with pytest.raises(NumberParseError):
        parse_count("8,41,0", NumberStyle.INDONESIAN)


def test_english_file_is_accepted_with_its_values() -> None:
    parsed = read_export(CORPUS / "english_whole_file.csv")
    frame = parsed.frame.sort_values("region_code")
    assert parsed.rejected == []
    assert frame["active_participants"].tolist() == [8410, 2000]
    assert frame["contributions_idr"].tolist() == [141_288_000, 33_600_000]
    assert parsed.number_style == "en"


def test_english_count_in_an_indonesian_file_is_thousands() -> None:
    parsed = read_export(CORPUS / "english_count_in_indonesian_file.csv")
    tebo = parsed.frame[parsed.frame["region_code"] == "15.09"]
    assert tebo["active_participants"].tolist() == [1500]
    assert parsed.number_style == "id"


def test_batch_record_says_which_convention(sqlite_url: str) -> None:
    result = ingest_file(CORPUS / "english_whole_file.csv", expected_period=Period(2024, 6))
    assert result.status == "published", result
    with get_engine(sqlite_url).connect() as conn:
        convention = conn.execute(sa.text("SELECT number_convention FROM audit_ingest_batch WHERE batch_id = :b"),
                                  {"b": result.batch_id}).scalar()
    assert convention == "en"
