"""Alembic migrations of the warehouse, and the helper that reads reporting views from their SQL files."""
