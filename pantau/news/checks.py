"""Great Expectations over a news batch: articles, then their mentions and figures. Failing rows
are quarantined with the expectation that failed; a failing batch-level check is named."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Literal

from core.settings import Settings
from expectations.runner import Validation, run_suite
from warehouse.models import AuditQuarantineRow
from warehouse.news_loader import ArticleRecord, MentionRecord, figure_values

UNIQUE_URL_CHECK = "expect_column_values_to_be_unique"
SuiteBuilder = Callable[[], object]  # an expectations.suites builder


@dataclass
class Checked:
    """Records that passed validation, with what was quarantined and what GX said."""

    records: list[ArticleRecord]
    quarantine: list[AuditQuarantineRow] = field(default_factory=list)
    validations: list[Validation] = field(default_factory=list)
    batch_failures: list[str] = field(default_factory=list)
    rejected: bool = False


def drop_failed(records: list[ArticleRecord], attribute: Literal["mentions", "figures"], failed: set[int],
                batch_id: int, check: str, shown: str) -> list[AuditQuarantineRow]:
    """Remove the items (mentions or figures) GX failed, by their position across all records;
    return their quarantine rows."""
    quarantined = []
    position = 0
    for record in records:
        kept = []
        for item in getattr(record, attribute):
            if position in failed:
                quarantined.append(AuditQuarantineRow(
                    batch_id=batch_id, row_number=None, column_name=None, check_name=check,
                    reason=f"{attribute[:-1]} failed validation", raw={"url": record.url, shown: getattr(item, shown)}))
            else:
                kept.append(item)
            position += 1
        setattr(record, attribute, kept)
    return quarantined


def check_articles(settings: Settings, batch_id: int, records: list[ArticleRecord]) -> Checked:
    """Article-level GX: failing rows quarantined; a failing batch-level check is named in the result.

    Duplicate URLs within one crawl are the one batch failure that is repaired (the first copy of
    each URL is kept); any other batch-level failure rejects the batch.
    """
    # Heavy: pandas, and Great Expectations through the suites; loaded only when this runs.
    import pandas as pd

    from expectations import suites

    if not records:
        return Checked(records=[])
    now = datetime.now(UTC)
    frame = pd.DataFrame([{
        "url": r.url, "title": r.title, "text": r.text,
        "published_age_hours": ((now - r.published_at).total_seconds() / 3600) if r.published_at else None,
    } for r in records], columns=["url", "title", "text", "published_age_hours"])
    validation = run_suite(frame, suites.news_articles_suite, asset_name="news_articles",
                           run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
    checked = Checked(records=records, validations=[validation])
    failing = validation.row_failures()
    for index, outcomes in sorted(failing.items()):
        checked.quarantine.append(AuditQuarantineRow(
            batch_id=batch_id, row_number=int(index) + 1, column_name=outcomes[0].column,
            reason="; ".join(o.describe() for o in outcomes), check_name="news_articles",
            raw={"url": records[index].url, "title": records[index].title[:200]}))
    checked.records = [r for i, r in enumerate(records) if i not in failing]
    checked.batch_failures = [o.describe() for o in validation.batch_failures]
    if any(o.expectation_type != UNIQUE_URL_CHECK or o.column != "url" for o in validation.batch_failures):
        checked.rejected = True
    elif validation.batch_failures:
        unique: dict[str, ArticleRecord] = {}
        for record in checked.records:
            unique.setdefault(record.url, record)
        checked.records = list(unique.values())
    return checked


def check_mentions_and_figures(settings: Settings, batch_id: int, checked: Checked) -> None:
    # Heavy: pandas, and Great Expectations through the suites; loaded only when this runs.
    import pandas as pd

    from expectations import suites

    mentions = [asdict(m) for r in checked.records for m in r.mentions]
    figures = [figure_values(f) for r in checked.records for f in r.figures]
    runs: tuple[tuple[Literal["mentions", "figures"], list[dict[str, object]], list[str] | None, SuiteBuilder,
                      str, str], ...] = (
        ("mentions", mentions, [f.name for f in fields(MentionRecord)], suites.news_mentions_suite,
         "news_mentions", "matched"),
        ("figures", figures, None, suites.news_figures_suite, "news_figures", "text"))
    for attribute, items, columns, build, check, shown in runs:
        if not items:
            continue
        validation = run_suite(pd.DataFrame(items, columns=columns), build, asset_name=check,
                               run_name=f"batch-{batch_id}", gx_dir=settings.gx_dir)
        checked.validations.append(validation)
        checked.quarantine += drop_failed(checked.records, attribute, set(validation.row_failures()), batch_id,
                                          check, shown)
