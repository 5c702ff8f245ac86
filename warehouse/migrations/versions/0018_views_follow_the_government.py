"""Views that follow the government a warehouse serves, not one province written into them.

The totals of the government's own region (``rpt_coverage_province_month``), its coverage rate
(``rpt_coverage_rate``), the published statistics set beside it (``rpt_published_statistic``) and a
reference series' total against the sum of its parts (``rpt_reference_totals``) group each region's
rows under its parent in ``dim_region`` (a province's regencies and cities, a regency's districts),
so a warehouse holds any government's regions, or several governments side by side. The rows of
the government's regions are written to ``dim_region`` by ``warehouse.government.seed_government``
at every upgrade (configuration, not frozen data).

Revision ID: 0018
Revises: 0013
"""

from __future__ import annotations

from warehouse.migrations.view_files import create_views, drop_views

revision = "0018"
down_revision = "0013"
branch_labels = None
depends_on = None

# A view after the views it reads; dropped in the reverse order.
NEW_VIEWS: dict[str, int] = {
    "rpt_coverage_rate": 2, "rpt_coverage_region_month": 2, "rpt_coverage_province_month": 3,
    "rpt_published_statistic": 2, "rpt_reference_totals": 2,
}
OLD_VIEWS: dict[str, int] = {
    "rpt_coverage_rate": 1, "rpt_coverage_region_month": 2, "rpt_coverage_province_month": 2,
    "rpt_published_statistic": 1, "rpt_reference_totals": 1,
}


def upgrade() -> None:
    drop_views(list(reversed(OLD_VIEWS)))
    create_views(NEW_VIEWS)


def downgrade() -> None:
    drop_views(list(reversed(NEW_VIEWS)))
    create_views(OLD_VIEWS)
