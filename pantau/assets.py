"""The Assets Pantau's DAGs produce and consume, defined once.

DAG files import this at top level, so it imports nothing but the Airflow SDK.
"""

from __future__ import annotations

from airflow.sdk import Asset

COVERAGE_FACTS = Asset(name="pantau_coverage_facts", uri="pantau://warehouse/fact_coverage_monthly")
NEWS_FACTS = Asset(name="pantau_news_facts", uri="pantau://warehouse/news_article")
