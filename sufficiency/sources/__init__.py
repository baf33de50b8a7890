"""Readers for the official files: read, clean and validate, one module per source."""
