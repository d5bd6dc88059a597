"""Planboard: a municipal action plan and its actuals in a DuckDB store."""

__version__ = "0.1.0"
