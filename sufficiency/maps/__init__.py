"""Map layers of the dashboard: the hex-tile layout and display boundaries (pure, cached)."""
