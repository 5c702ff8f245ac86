"""What becomes of an export's rows about regions outside the government this deployment serves.

BPJS Ketenagakerjaan regional offices serve several provinces, so one export may carry rows of Jambi
and of Sumatera Selatan. The parser recognises them (:mod:`transforms.outside_region`); the setting
``outside_rows`` (``PANTAU_OUTSIDE_ROWS``) decides:

- ``set_aside`` (the default): the government's rows load; the others are kept in
  ``audit_quarantine_row`` with the check ``outside_government`` and their reason, counted in the batch's
  ``rows_set_aside`` and in a line of its notes by province, and shown by ``pantau coverage ingest``;
- ``refuse``: the whole file is rejected, naming the count, the provinces and the rows.

Either way nothing of another government's region is loaded, and nothing is lost without a count.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.errors import InputRejected
from core.government import current
from warehouse.models import AuditQuarantineRow

CHECK_NAME = "outside_government"


def _rows(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:8])
    return f"row {shown}" if len(numbers) == 1 else f"rows {shown}" + (f" and {len(numbers) - 8} more"
                                                                        if len(numbers) > 8 else "")


def summary(outside: list[Any]) -> str:
    """"12 rows: Sumatera Selatan (16) 12 (rows 9, 10, ...)": the count by province, with the rows."""
    by_province = Counter((o.province_code, o.province_name) for o in outside)
    parts = []
    for (code, name), count in sorted(by_province.items()):
        numbers = [o.row_number for o in outside if o.province_code == code]
        parts.append(f"{name} ({code}) {count} ({_rows(numbers)})")
    return f"{len(outside)} row{'s' if len(outside) != 1 else ''} of other regions: " + "; ".join(parts)


def refuse_if_configured(parsed: Any, file_name: str, policy: str) -> None:
    """Under ``refuse``, a file with rows outside the government's region is rejected whole."""
    outside = getattr(parsed, "outside", None) or []
    if policy == "refuse" and outside:
        raise InputRejected(file_name, f"{summary(outside)}; this deployment serves {current().name} only and "
                                       "refuses files with other regions' rows (PANTAU_OUTSIDE_ROWS=refuse): send "
                                       "the government's rows alone, or set PANTAU_OUTSIDE_ROWS=set_aside",
                            row=outside[0].row_number)


def set_aside(parsed: Any, batch_id: int) -> tuple[list[AuditQuarantineRow], str | None]:
    """The rows to keep in the quarantine table as set aside, and the batch's note that counts them."""
    outside = getattr(parsed, "outside", None) or []
    if not outside:
        return [], None
    rows = [AuditQuarantineRow(batch_id=batch_id, row_number=o.row_number, column_name=None,
                               reason=f"{o.reason}: set aside, not loaded", check_name=CHECK_NAME, raw=o.raw)
            for o in outside]
    return rows, f"{summary(outside)}: set aside, not loaded (outside {current().name})"
