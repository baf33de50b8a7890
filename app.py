"""Run the placement sufficiency dashboard on the development server.

    python app.py [--host 127.0.0.1] [--port 8050] [--data DIR] [--debug]

It is hardened as the production server is (``sufficiency.server.harden``: request limits,
security headers, error pages, /healthz), and it does not start on a data folder that does
not match its provenance.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sufficiency.config import APP_DATA_ENV, app_data_dir


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Serve the children's homes placement sufficiency dashboard.")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument("--port", type=int, default=8050, help="port to listen on (default: %(default)s)")
    parser.add_argument(
        "--data",
        type=Path,
        default=None,
        help=f"folder of tables to read (default: ${APP_DATA_ENV} if set, else {app_data_dir()})",
    )
    parser.add_argument("--debug", action="store_true", help="run Dash in debug mode (reloads on change)")
    args = parser.parse_args(argv)
    if not 0 < args.port < 65536:
        parser.error(f"--port must be between 1 and 65535, not {args.port}")
    if args.data is not None and not args.data.is_dir():
        parser.error(f"--data {args.data}: no such folder")
    return args


def main(argv: list[str] | None = None) -> int:
    from sufficiency.app import create_app
    from sufficiency.server import DataNotServed, check_data, harden

    args = parse_args(argv)
    try:
        check_data(args.data)
    except DataNotServed as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    app = create_app(args.data)
    harden(app, response_cache=not args.debug)
    app.run(host=args.host, port=args.port, debug=args.debug, dev_tools_disable_version_check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
