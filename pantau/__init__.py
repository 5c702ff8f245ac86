"""Pantau: accountability data pipeline for Jambi Province's social-protection spending.

This package is the task layer (CLI, Airflow task bodies, services) and, in ``core``,
the bottom layer that every other folder may import.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("pantau")
except PackageNotFoundError:  # a checkout that was never installed
    __version__ = "0+unknown"
