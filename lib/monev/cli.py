"""The ``monev`` command: parse, call one function, print, exit code.

Each subcommand lives in ``monev.commands.<name>`` and exposes ``BANTUAN`` (a one-line Indonesian
description), ``add_arguments(parser)`` and ``run(args) -> int``.
Exit codes: 0 success, 1 the work found a problem (a file refused, a report failed), 2 bad usage.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from monev import __version__
from monev.commands import COMMANDS, Parser, add_command_arguments, command_module, execute


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="monev",
        description="Monitoring dan evaluasi kinerja OPD: capaian, tren, anggaran, laporan rakor.",
    )
    parser.add_argument(
        "--version", action="version", version=f"monev {__version__}", help="versi monev"
    )
    sub = parser.add_subparsers(dest="command", metavar="PERINTAH", required=True)
    for name in COMMANDS:
        module = command_module(name)
        cmd = sub.add_parser(name, help=module.BANTUAN, description=module.BANTUAN)
        add_command_arguments(cmd, module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return execute(args)
    except KeyboardInterrupt:
        print("Dihentikan.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
