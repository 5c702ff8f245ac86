"""Great Expectations suites, defined in code, one builder per dataset and frame.

Each expectation carries ``meta["level"]``:
- ``row``: a failing row is quarantined with the expectation as its reason; the rest load;
- ``batch``: a failure rejects the whole batch (nothing from it is published);
- ``warn``: recorded for auditors and shown in reports, never blocks.
Run-dependent values (the run's period) are passed as expectation parameters.
"""

from __future__ import annotations

from itertools import combinations

import great_expectations as gx
import great_expectations.expectations as gxe

from transforms.claims import METRICS, MODALITIES, SCOPES
from transforms.programmes import FUNDING_SOURCES, PROGRAMMES, SEGMENTS
from transforms.regions import PROVINCE_CODE, REGENCIES
from warehouse.reference import PROVINCE_POPULATION

REGION_CODES = sorted(r.kemendagri_code for r in REGENCIES)
SEGMENT_CODES = sorted(s.code for s in SEGMENTS)
FUNDING_CODES = sorted(f.code for f in FUNDING_SOURCES)
PROGRAMME_CODES = [p.code for p in PROGRAMMES]

# A participant's monthly contribution: the lowest BPU package is Rp 16.800 (JKK+JKM); wage
# earners pay percentages of wages, so a few hundred thousand rupiah per month is ordinary.
MIN_CONTRIBUTION_PER_PERSON_IDR = 10_000
MAX_CONTRIBUTION_PER_PERSON_IDR = 5_000_000
# Month-over-month change in active participants beyond this ratio is flagged.
MAX_MONTHLY_CHANGE_RATIO = 0.25
# A regency's active participants this many times (or this fraction of) last month's cannot be one month's
# enrolment: a column, unit or file mixed up. The batch is refused.
MAX_MONTHLY_JUMP_FACTOR = 5.0
# Coverage is participants over potential workers (the headline denominator): above 1 cannot be.
MAX_COVERAGE_RATIO = 1.0
# A reference figure for a region (workers, labour force) against the province's population, and against
# its own value in the nearest other year.
MIN_REFERENCE_WORKERS = 1_000
MAX_REFERENCE_CHANGE_FACTOR = 2.0


def _level(level: str) -> dict[str, str]:
    return {"level": level}


def _programme_sets() -> list[str]:
    return ["+".join(c) for n in range(1, 6) for c in combinations(PROGRAMME_CODES, n)]


def coverage_suite() -> gx.ExpectationSuite:
    row, batch = _level("row"), _level("batch")
    suite = gx.ExpectationSuite(name="coverage_monthly")
    for expectation in (
        gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=batch),
        gxe.ExpectTableColumnsToMatchSet(
            column_set=["source_row", "period_key", "region_code", "segment_code", "programme_set",
                        "funding_source_code", "active_participants", "new_participants",
                        "contributions_idr", "contribution_per_participant"],
            exact_match=True, meta=batch),
        gxe.ExpectColumnValuesToBeInSet(column="period_key", value_set={"$PARAMETER": "periods"}, meta=batch),
        gxe.ExpectCompoundColumnsToBeUnique(
            column_list=["region_code", "segment_code", "programme_set", "funding_source_code"], meta=batch),
        gxe.ExpectColumnValuesToNotBeNull(column="region_code", meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=REGION_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="segment_code", value_set=SEGMENT_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="funding_source_code", value_set=FUNDING_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="programme_set", value_set=_programme_sets(), meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="active_participants", meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="active_participants", min_value=0,
                                          max_value=PROVINCE_POPULATION, meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="new_participants", min_value=0, meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="contributions_idr", min_value=0, meta=row),
        gxe.ExpectColumnValuesToBeBetween(
            column="contribution_per_participant", min_value=MIN_CONTRIBUTION_PER_PERSON_IDR,
            max_value=MAX_CONTRIBUTION_PER_PERSON_IDR, meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


def totals_suite() -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name="coverage_totals")
    suite.add_expectation(gxe.ExpectColumnPairValuesToBeEqual(column_A="stated", column_B="computed",
                                                              meta=_level("batch")))
    return suite


def month_over_month_suite() -> gx.ExpectationSuite:
    suite = gx.ExpectationSuite(name="coverage_month_over_month")
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
        column="change_ratio", min_value=-MAX_MONTHLY_CHANGE_RATIO, max_value=MAX_MONTHLY_CHANGE_RATIO,
        meta=_level("warn")))
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
        column="change_factor", min_value=1 / MAX_MONTHLY_JUMP_FACTOR, max_value=MAX_MONTHLY_JUMP_FACTOR,
        meta=_level("batch")))
    return suite


def coverage_plausibility_suite() -> gx.ExpectationSuite:
    """Each regency's and the province's participants in this file against their potential workers."""
    suite = gx.ExpectationSuite(name="coverage_plausibility")
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
        column="coverage_ratio", min_value=0, max_value=MAX_COVERAGE_RATIO, meta=_level("batch")))
    return suite


def claims_scale_suite() -> gx.ExpectationSuite:
    """One case's benefit against the programme's scale (``transforms.programmes.benefit_scale``)."""
    warn = _level("warn")
    suite = gx.ExpectationSuite(name="benefit_claims_scale")
    suite.add_expectation(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="benefit_per_case", column_B="scale_low", or_equal=True, meta=warn))
    suite.add_expectation(gxe.ExpectColumnPairValuesAToBeGreaterThanB(
        column_A="scale_high", column_B="benefit_per_case", or_equal=True, meta=warn))
    return suite


def reference_series_suite() -> gx.ExpectationSuite:
    """A reference file's figures against bounds and their own past: a failure refuses the file."""
    batch = _level("batch")
    suite = gx.ExpectationSuite(name="reference_series")
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
        column="value", min_value=MIN_REFERENCE_WORKERS, max_value=PROVINCE_POPULATION, meta=batch))
    suite.add_expectation(gxe.ExpectColumnValuesToBeBetween(
        column="change_factor", min_value=1 / MAX_REFERENCE_CHANGE_FACTOR, max_value=MAX_REFERENCE_CHANGE_FACTOR,
        meta=batch))
    return suite


def claims_suite() -> gx.ExpectationSuite:
    row, batch = _level("row"), _level("batch")
    suite = gx.ExpectationSuite(name="benefit_claims")
    for expectation in (
        gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=batch),
        gxe.ExpectColumnValuesToBeInSet(column="period_key", value_set={"$PARAMETER": "periods"}, meta=batch),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["region_code", "programme_set"], meta=batch),
        gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=REGION_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="programme_set", value_set=_programme_sets(), meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="cases", min_value=0, meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="benefits_paid_idr", min_value=0, meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


def roster_suite() -> gx.ExpectationSuite:
    row, batch = _level("row"), _level("batch")
    suite = gx.ExpectationSuite(name="beneficiary_roster")
    for expectation in (
        gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=batch),
        # The same person twice in one roster: recorded (and a double-funding finding), never dropped.
        gxe.ExpectColumnValuesToBeUnique(column="person_pseudonym", meta=_level("warn")),
        gxe.ExpectColumnValuesToNotBeNull(column="person_pseudonym", meta=row),
        gxe.ExpectColumnValuesToMatchRegex(column="person_pseudonym", regex=r"^[0-9a-f]{32,64}$", meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=REGION_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="segment_code", value_set=SEGMENT_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="funding_source_code", value_set=FUNDING_CODES, meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="programme_set", value_set=_programme_sets(), meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


def news_articles_suite() -> gx.ExpectationSuite:
    row, batch = _level("row"), _level("batch")
    suite = gx.ExpectationSuite(name="news_articles")
    for expectation in (
        gxe.ExpectColumnValuesToBeUnique(column="url", meta=batch),
        gxe.ExpectColumnValuesToNotBeNull(column="title", meta=row),
        gxe.ExpectColumnValueLengthsToBeBetween(column="title", min_value=5, max_value=400, meta=row),
        gxe.ExpectColumnValueLengthsToBeBetween(column="text", min_value=200, max_value=200_000, meta=row),
        gxe.ExpectColumnValuesToMatchRegex(column="url", regex=r"^https?://", meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="published_age_hours", min_value=-1,
                                          meta=row),  # published_at not in the future
    ):
        suite.add_expectation(expectation)
    return suite


def news_figures_suite() -> gx.ExpectationSuite:
    row = _level("row")
    suite = gx.ExpectationSuite(name="news_figures")
    for expectation in (
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=["money", "count", "percent", "date"], meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="text", meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="sentence", meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="plausible", meta=row),
        # The claim of every money, count and percent figure (dates carry none; nulls are not checked).
        gxe.ExpectColumnValuesToBeInSet(column="metric", value_set=list(METRICS), meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="modality", value_set=list(MODALITIES), meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="scope", value_set=list(SCOPES), meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


def news_mentions_suite() -> gx.ExpectationSuite:
    row = _level("row")
    suite = gx.ExpectationSuite(name="news_mentions")
    for expectation in (
        gxe.ExpectColumnValuesToNotBeNull(column="key", meta=row),
        gxe.ExpectColumnValuesToBeInSet(column="kind", value_set=["programme", "region"], meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="sentence", meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


# --- published yearly statistics (open-data tables) and reference series ---------------------

PUBLISHED_STATISTIC_COLUMNS = ["source_row", "region_code", "year", "measure", "measure_label", "unit", "value",
                               "metric", "code_system"]
FIRST_STATISTICS_YEAR, LAST_STATISTICS_YEAR = 1990, 2100


def published_statistics_suite() -> gx.ExpectationSuite:
    row, batch = _level("row"), _level("batch")
    suite = gx.ExpectationSuite(name="published_statistics")
    for expectation in (
        gxe.ExpectTableRowCountToBeBetween(min_value=1, meta=batch),
        gxe.ExpectTableColumnsToMatchSet(column_set=PUBLISHED_STATISTIC_COLUMNS, exact_match=True, meta=batch),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["region_code", "year", "measure"], meta=batch),
        gxe.ExpectColumnValuesToBeInSet(column="region_code", value_set=[*REGION_CODES, PROVINCE_CODE], meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="year", min_value=FIRST_STATISTICS_YEAR,
                                          max_value=LAST_STATISTICS_YEAR, meta=row),
        gxe.ExpectColumnValuesToNotBeNull(column="value", meta=row),
        gxe.ExpectColumnValuesToBeBetween(column="value", min_value=0, meta=row),
    ):
        suite.add_expectation(expectation)
    return suite


def _totals_warning(name: str) -> gx.ExpectationSuite:
    """A stated province total against the sum of its regencies: a warning, never a correction."""
    suite = gx.ExpectationSuite(name=name)
    suite.add_expectation(gxe.ExpectColumnPairValuesToBeEqual(column_A="stated", column_B="computed",
                                                              meta=_level("warn")))
    return suite


def published_totals_suite() -> gx.ExpectationSuite:
    return _totals_warning("published_statistics_totals")


def reference_totals_suite() -> gx.ExpectationSuite:
    return _totals_warning("reference_series_totals")
