"""One module per command-line command (see ``sufficiency/__main__.py``)."""
