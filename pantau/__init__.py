"""Pantau: accountability data pipeline for Jambi Province's social-protection spending."""

__version__ = "0.1.0"
