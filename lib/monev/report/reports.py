"""The report table: every kind of report a period produces, in the order the index lists them.

Adding a report means: a notebook in ``notebooks/`` (shipped as ``monev.notebooks``), a module of
its sections in ``monev.present``, and one row here. The planner (``plan.py``), the manifest,
the index and the kernels' warm-up all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

# what every report notebook takes: the workbook, the month, the settings in force, and the
# meeting it is for
COMMON_PARAMETERS = ("root", "periode", "settings_json", "judul", "tanggal_rapat")
FAN_OUTS = ("scope", "once", "per_iku", "per_opd")
_RESMI = "monev.present.resmi"
GRUP_RESMI = "Tabel resmi evaluasi RKPD dan Renja (Permendagri 86/2017)"


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    ``fan_out``: ``scope`` (one for the run's scope: the chosen Asisten's line or the whole
    regency), ``once`` per period, ``per_iku`` (one per IKU) or ``per_opd`` (one per OPD in
    scope). ``title``: how its title starts. ``parameters``: the notebook's own parameters
    beyond ``COMMON_PARAMETERS``. ``sections``: the ``monev.present`` module whose functions
    the notebook's cells call. ``group``: the heading the index lists it under."""

    notebook: str
    fan_out: str
    title: str
    parameters: tuple[str, ...]
    sections: str
    group: str
    # made only when asked (``monev report --resmi``): the monthly run stays as fast
    opsional: bool = False

    def __post_init__(self) -> None:
        if self.fan_out not in FAN_OUTS:
            raise ValueError(f"fan_out {self.fan_out!r} is not one of {FAN_OUTS}")

    @property
    def all_parameters(self) -> tuple[str, ...]:
        return (*COMMON_PARAMETERS, *self.parameters)


REPORTS: tuple[ReportKind, ...] = (
    # the overview first: it is the longest, so no worker is left with it at the end
    ReportKind("rakor", "scope", "Rakor", ("asisten",), "monev.present.rakor", "Ikhtisar rakor"),
    ReportKind(
        "kualitas_data", "once", "Kualitas data", (), "monev.present.kualitas", "Kualitas data"
    ),
    ReportKind("iku", "per_iku", "IKU", ("kode_iku",), "monev.present.iku", "IKU lintas sektor"),
    ReportKind("opd", "per_opd", "", ("kode_opd",), "monev.present.opd", "Laporan per OPD"),
    # the official tables (Permendagri 86/2017) as pages, with --resmi
    ReportKind("resmi_rkpd", "scope", "Evaluasi RKPD", ("asisten",), _RESMI, GRUP_RESMI, True),
    ReportKind("resmi_renja", "per_opd", "Evaluasi Renja", ("kode_opd",), _RESMI, GRUP_RESMI, True),
)
BY_NOTEBOOK = {r.notebook: r for r in REPORTS}
ORDER = {r.notebook: i for i, r in enumerate(REPORTS)}


def report_kind(notebook: str) -> ReportKind:
    try:
        return BY_NOTEBOOK[notebook]
    except KeyError:
        raise KeyError(f"no report kind for notebook {notebook!r}") from None


def notebook_path(name: str) -> Path:
    """The file of notebook ``name`` (without ``.ipynb``), wherever monev is installed."""
    return Path(str(files("monev.notebooks").joinpath(f"{name}.ipynb")))


def notebook_folder() -> Path:
    return Path(str(files("monev.notebooks")))


def section_modules() -> tuple[str, ...]:
    """What the report kernels import before their first report (the optional kinds' modules
    load when a run asks for them: the monthly run's warm-up stays as it was)."""
    return tuple(dict.fromkeys(r.sections for r in REPORTS if not r.opsional))
