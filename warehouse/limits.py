"""What the warehouse's columns hold, read off the models, so a value that does not fit is
refused as an input error (naming its row and column) before the database sees it.

Whole numbers are held to their column's integer type (INTEGER: 32 bits, BIGINT: 64 bits),
text to its column's length. The database would refuse them too, but as an internal error
with the SQL and its parameters printed, after the batch was opened.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from warehouse.models import Base

_INTEGER_BITS = {sa.SmallInteger: 16, sa.BigInteger: 64, sa.Integer: 32}


@dataclass(frozen=True)
class Misfit:
    row: int | None  # the source row, when the frame carries one
    column: str
    reason: str


def _bits(column_type: sa.types.TypeEngine[object]) -> int | None:
    for kind, bits in _INTEGER_BITS.items():  # BigInteger and SmallInteger before their base Integer
        if isinstance(column_type, kind):
            return bits
    return None


def first_misfit(model: type[Base], frame: pd.DataFrame) -> Misfit | None:
    """The first value of ``frame`` its column in ``model``'s table cannot hold, or None."""
    table = model.__table__
    rows = frame.get("source_row", None)
    for name in frame.columns:
        if name not in table.c:
            continue
        column_type = table.c[name].type
        values = frame[name]
        bits = _bits(column_type)
        if bits is not None:
            low, high = -(2 ** (bits - 1)), 2 ** (bits - 1) - 1
            if pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values):
                outside = values[(values < low) | (values > high)]
            else:  # Python ints too large for a numeric dtype sit in an object column
                outside = values[[isinstance(v, int) and not low <= v <= high for v in values]]
            if len(outside):
                index = outside.index[0]
                return Misfit(None if rows is None else int(rows[index]), name,
                              f"{outside.iloc[0]:,} is beyond what the warehouse column holds ({low:,} to {high:,})")
        length = getattr(column_type, "length", None)
        if isinstance(column_type, sa.String) and length:
            lengths = values.dropna().astype(str).str.len()
            long = lengths[lengths > length]
            if len(long):
                index = long.index[0]
                return Misfit(None if rows is None else int(rows[index]), name,
                              f"a value of {int(long.iloc[0]):,} characters, longer than the {length} the warehouse "
                              "column holds")
    return None


def text_fits(model: type[Base], column: str, value: str) -> str | None:
    """Why ``value`` does not fit ``model``'s text column ``column`` (None: it fits)."""
    length = getattr(model.__table__.c[column].type, "length", None)
    if length and len(value) > length:
        return f"{len(value):,} characters, longer than the {length} the warehouse holds for {column}"
    return None
