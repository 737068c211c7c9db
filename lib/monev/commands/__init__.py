"""One module per ``monev`` subcommand (see ``monev.cli``).

Each module exposes ``BANTUAN`` (a one-line Indonesian description), ``add_arguments(parser)``
and ``run(args) -> int``. ``parser_for`` builds one command's parser; the ``monev`` command and
``monev run`` (which runs ingest, check and report in turn) both use it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

COMMANDS = (
    "sample",
    "template",
    "ingest",
    "check",
    "run",
    "report",
    "paket",
    "export",
    "capaian",
    "lab",
    "keputusan",
    "banding",
)


class Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        # prefix "" (argparse naming a subcommand's prog) stays empty
        super().add_usage(usage, actions, groups, "Pemakaian: " if prefix is None else prefix)


# argparse's own messages, in Indonesian (the rest of every help text is written so)
PESAN_ARGPARSE = (
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"one of the arguments (.*) is required", r"salah satu argumen ini wajib diisi: \1"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 tidak boleh bersama \2"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid choice: (.*) \(choose from (.*)\)", r"\1: pilihan \2 tidak ada; pilih \3"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: nilai \2 bukan bilangan bulat"),
    (r"argument (\S+): invalid (\w+) value: (.*)", r"\1: nilai \3 tidak sah"),
    (r"argument (\S+): expected one argument", r"\1: perlu satu nilai"),
    (r"argument (\S+): expected at least one argument", r"\1: perlu sedikitnya satu nilai"),
)  # fmt: skip


class Parser(argparse.ArgumentParser):
    """argparse with its headings, help option and usual errors in Indonesian."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("formatter_class", Formatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumen"
        self._optionals.title = "pilihan"
        self.add_argument("-h", "--help", action="help", help="tampilkan bantuan ini lalu keluar")

    def error(self, message: str):
        import re

        for pola, ganti in PESAN_ARGPARSE:
            message = re.sub(pola, ganti, message)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: galat: {message}\n")


def command_module(name: str) -> ModuleType:
    return importlib.import_module(f"monev.commands.{name}")


def add_command_arguments(parser: argparse.ArgumentParser, module: ModuleType) -> None:
    parser.add_argument(
        "--root",
        default=".",
        help="folder buku kerja yang berisi data/, params/, outputs/ (bawaan: folder ini)",
    )
    module.add_arguments(parser)
    parser.set_defaults(_run=module.run)


def invoke(name: str, argv: Sequence[str]) -> int:
    """Run command ``name`` with ``argv`` as an analyst would type it after ``monev name``."""
    module = command_module(name)
    parser = Parser(prog=f"monev {name}", description=module.BANTUAN)
    add_command_arguments(parser, module)
    return execute(parser.parse_args(list(argv)))


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command; a domain error becomes its Indonesian message, never a traceback."""
    try:
        return int(args._run(args) or 0)
    except Exception as exc:
        if isinstance(exc, usage_errors() + data_errors()):
            return fail(exc)
        raise


def usage_errors() -> tuple[type[Exception], ...]:
    """What was typed cannot be used: a period, an option, a params file, an OPD name."""
    from monev.app.params import ParamsError
    from monev.model.periode import PeriodeError
    from monev.model.settings import SettingsError
    from monev.report.plan import PlanError

    return (ParamsError, PeriodeError, SettingsError, PlanError)


def data_errors() -> tuple[type[Exception], ...]:
    """The workbook cannot be used as it is: its reference files, its identity, its store."""
    from monev.data.reference import ReferensiError
    from monev.data.store import StoreError
    from monev.model.daerah import DaerahError

    return (ReferensiError, DaerahError, StoreError)


def fail(exc: BaseException) -> int:
    """Print a refusal as the analyst reads it; the exit code says whose it is: 2 for what was
    typed, 1 for the workbook's data."""
    print(f"Galat: {exc}", file=sys.stderr)
    return 2 if isinstance(exc, usage_errors()) else 1
