"""The installed package's version, read once from its metadata."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


def package_version() -> str:
    """``pantau``'s version, or ``0+unknown`` in a checkout that was never installed."""
    try:
        return version("pantau")
    except PackageNotFoundError:
        return "0+unknown"
