"""Pantau: accountability data pipeline for a regional government's social-protection spending.

This package is the task layer: the CLI, Airflow task bodies, services and Airflow support.
"""

from core.version import package_version

__version__ = package_version()
