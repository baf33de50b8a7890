"""Pure measures computed from the canonical tables for a chosen view."""
