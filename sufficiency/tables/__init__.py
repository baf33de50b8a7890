"""Canonical tables: homes (per home per year), supply, la_year."""
