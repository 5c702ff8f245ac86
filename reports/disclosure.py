"""Disclosure control of the regency tables: small counts suppressed so that no suppressed cell can be
recovered from the totals, the other cells or the rupiah amounts of the same table.

The rule statistical offices apply (tau-ARGUS, sdcMicro): a count below the threshold is suppressed
(*primary*, shown "<5"); its rupiah amount in the same row goes with it, since the amount divided by the
rate (a JKM death pays about Rp 42 juta, a programme contribution Rp 16.800) would give the count back. A
column with a suppressed cell and a published total then needs at least one more suppressed cell that is
not small (*secondary*, shown "•"), so that the total minus the published cells gives only a sum in
which no small cell can be told apart; an amount suppressed for its count brings its count along, and
the other way round. Repeated until nothing changes. Computed once per table, here, and applied by every
medium (HTML, Excel, CSV).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

PRIMARY = "primary"
SECONDARY = "secondary"

# Each count with the rupiah amount of the same row that would reveal it (or None).
LINKED: tuple[tuple[str, str | None], ...] = (
    ("active_participants", "contributions_idr"),
    ("apbd_funded_participants", None),
    ("claims_cases", "benefits_paid_idr"),
)


def suppress(rows: Mapping[str, Mapping[str, int | None]], threshold: int,
             links: Sequence[tuple[str, str | None]] = LINKED) -> dict[tuple[str, str], str]:
    """(row key, column) → PRIMARY or SECONDARY for every cell to hide; ``rows`` holds the table's cells
    (the total row, always published, is not among them)."""
    partner: dict[str, str] = {}
    for count, amount in links:
        if amount:
            partner[count], partner[amount] = amount, count
    columns = [c for link in links for c in link if c]
    hidden: dict[tuple[str, str], str] = {}
    for key, cells in rows.items():
        for count, amount in links:
            value = cells.get(count)
            if value is not None and 0 < value < threshold:
                hidden[(key, count)] = PRIMARY
                if amount and cells.get(amount) is not None:
                    hidden.setdefault((key, amount), SECONDARY)
    changed = True
    while changed:
        changed = False
        for column in columns:
            in_column = [key for key in rows if (key, column) in hidden]
            if not in_column:
                continue
            # Enough when the hidden cells of the column include one that is not small: their sum, all a
            # reader can get from the total, then tells nothing about any one of them.
            if any(not _small(rows[key].get(column), threshold, column, partner, rows[key]) for key in in_column):
                continue
            candidates = sorted((rows[key].get(column) or 0, key) for key in rows
                                if (key, column) not in hidden and rows[key].get(column)
                                and not _small(rows[key].get(column), threshold, column, partner, rows[key]))
            if not candidates:
                continue  # nothing else in the column to hide: the total itself would have to go
            key = candidates[0][1]
            hidden[(key, column)] = SECONDARY
            other = partner.get(column)
            if other and rows[key].get(other) is not None:
                hidden.setdefault((key, other), SECONDARY)
            changed = True
    return hidden


def _small(value: int | None, threshold: int, column: str, partner: Mapping[str, str],
           cells: Mapping[str, int | None]) -> bool:
    """Whether a cell counts as small: a count below the threshold, or an amount whose count is."""
    if column in partner and column.endswith("_idr"):
        count = cells.get(partner[column])
        return count is not None and 0 < count < threshold
    return value is not None and 0 < value < threshold
