"""The ``monev`` command: parse, call one function, print, exit code.

Each subcommand lives in ``monev.commands.<name>`` and exposes ``BANTUAN`` (a one-line Indonesian
description), ``add_arguments(parser)`` and ``run(args) -> int``.
Exit codes: 0 success, 1 the work found a problem (a file refused, a report failed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from monev import __version__

COMMANDS = (
    "sample",
    "template",
    "ingest",
    "check",
    "run",
    "report",
    "export",
    "capaian",
    "lab",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="monev",
        description="Monitoring dan evaluasi kinerja OPD Kabupaten Gunung Mas.",
    )
    parser.add_argument("--version", action="version", version=f"monev {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)
    for name in COMMANDS:
        module = importlib.import_module(f"monev.commands.{name.replace('-', '_')}")
        cmd = sub.add_parser(name, help=module.BANTUAN, description=module.BANTUAN)
        cmd.add_argument(
            "--root",
            default=".",
            help="folder buku kerja yang berisi data/, params/, outputs/ (bawaan: folder ini)",
        )
        module.add_arguments(cmd)
        cmd.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        print("Dihentikan.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
