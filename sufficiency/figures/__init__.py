"""Pure figure builders (plotly): each returns a Figure from tables and filter state."""
