"""Accountability reports built from the warehouse (HTML with charts, Excel)."""
