"""View models shared by the app and the exports: a view state plus the measure engine in,
frames and figures out (the figures drawn by the pure builders of :mod:`sufficiency.figures`).

Nothing here imports Dash, so the snapshot, the command line and the app share one
presentation of every figure."""
