"""Month parameters: ``params/<periode>.yaml``, validated before any notebook runs.

File (every key optional except where noted)::

    periode: "2026-10"            # YYYY-MM; quote it (YAML reads 2026-10-31 as a date)
    asisten: "II"                 # a coordination line of daerah.yaml, or empty for the whole regency
    judul: "Rakor Bidang Ekobang"   # default: judul_rakor of daerah.yaml
    tanggal_rapat: "2026-11-09"
    jobs: 2
    pengaturan: {rumus_negatif: "2T-R", batas_atas_capaian: null, ...}   # Settings; the
                                  # fields' own names (negative_formula, ...) are accepted too

Notebook parameters: each report kind declares its notebook's (``monev.report.reports``);
papermill injects exactly those, all ``str``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monev.data.daerah import DAERAH_FILE, read_daerah
from monev.model.daerah import JUDUL_RAKOR, Daerah, DaerahError
from monev.model.periode import Periode, PeriodeError
from monev.model.settings import Settings, SettingsError, kunci_baku
from monev.model.workbook import Workbook

KUNCI = {"periode", "asisten", "judul", "tanggal_rapat", "jobs", "pengaturan", "settings"}


class ParamsError(ValueError):
    """A params file or option that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class Params:
    periode: str
    asisten: str = ""
    judul: str = JUDUL_RAKOR
    tanggal_rapat: str = ""
    jobs: int = 2
    settings: Settings = field(default_factory=Settings)
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def settings_json(self) -> str:
        return json.dumps(self.overrides, sort_keys=True, default=str)

    def notebook(self, root: Path, names: tuple[str, ...], **extra: str) -> dict[str, str]:
        """The typed parameters ``names`` of one notebook (its report kind declares them)."""
        values = {
            "root": str(root),
            "periode": self.periode,
            "asisten": self.asisten,
            "settings_json": self.settings_json,
            "judul": self.judul,
            "tanggal_rapat": self.tanggal_rapat,
            **extra,
        }
        unknown = set(names) - set(values)
        if unknown:
            raise ParamsError(f"Parameter notebook tanpa nilai: {', '.join(sorted(unknown))}.")
        params = {name: values[name] for name in names}
        if not all(isinstance(v, str) for v in params.values()):
            raise ParamsError("Semua parameter notebook harus teks.")
        return params


def _asisten(value: Any, sumber: str, daerah: Daerah | None) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, bool):  # YAML reads an unquoted NO or no as false
        raise ParamsError(f'{sumber}: asisten {value!r} harus teks dalam tanda kutip, contoh "II".')
    text = str(value).strip()
    if daerah is None:
        return text
    cocok = [k for k in daerah.kode_asisten if k.upper() == text.upper()]
    if not cocok:
        raise ParamsError(
            f"{sumber}: asisten {value!r} tidak dikenal; tulis salah satu dari "
            f"{', '.join(daerah.kode_asisten)} (daerah.yaml), atau kosongkan untuk seluruh daerah."
        )
    return cocok[0]


def _tanggal(value: Any, sumber: str) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise ParamsError(
            f"{sumber}: tanggal_rapat {value!r} tidak dikenali; tulis tahun-bulan-tanggal, "
            'contoh "2026-11-09".'
        ) from None


def read_params(
    params_dir: Path,
    periode: str,
    *,
    asisten: str | None = None,
    jobs: int | None = None,
    daerah: Daerah | None = None,
) -> tuple[Params, str]:
    """Read ``params/<periode>.yaml`` (if present), apply CLI overrides, validate everything.

    ``daerah``: the regency's identity; its coordination lines are the Asisten that may be
    chosen and its ``judul_rakor`` the default title.
    Returns the params and a one-line Indonesian note on where they came from."""
    try:
        p = Periode.parse(periode)
    except PeriodeError as exc:
        raise ParamsError(str(exc)) from None
    path = Path(params_dir) / f"{p}.yaml"
    data: dict[str, Any] = {}
    if path.exists():
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise ParamsError(f"{path.name}: bukan YAML yang sah ({exc}).") from None
        if not isinstance(data, dict):
            raise ParamsError(f"{path.name}: isinya harus pasangan kunci: nilai.")
        asal = f"Parameter dari {path.name}."
    else:
        asal = f"{path.name} tidak ada; memakai parameter bawaan."
    sumber = path.name
    unknown = sorted(set(map(str, data)) - KUNCI)
    if unknown:
        raise ParamsError(
            f"{sumber}: kunci tidak dikenal {', '.join(unknown)}; "
            f"yang boleh: {', '.join(sorted(KUNCI))}."
        )
    if "periode" in data:
        tertulis = data["periode"]
        try:
            sama = Periode.parse(tertulis) == p
        except PeriodeError:
            sama = False
        if not sama:
            raise ParamsError(
                f"{sumber}: periode {tertulis!r} tidak sama dengan nama berkas ({p}); "
                f'tulis periode: "{p}".'
            )
    if "pengaturan" in data and "settings" in data:
        raise ParamsError(
            f"{sumber}: pengaturan dan settings (nama lamanya) ditulis keduanya; satukan di "
            "pengaturan."
        )
    overrides = data.get("pengaturan", data.get("settings")) or {}
    if not isinstance(overrides, dict):
        raise ParamsError(f"{sumber}: pengaturan harus pasangan kunci: nilai.")
    try:
        overrides = kunci_baku(overrides)  # one name per setting in the manifest and the cache
    except SettingsError as exc:
        raise ParamsError(f"{sumber}: {exc}") from None
    tanggal_rapat = _tanggal(data.get("tanggal_rapat"), sumber)
    if tanggal_rapat and "tanggal_rapat" not in overrides:
        # follow-up lateness is judged at the meeting (Settings.tanggal_rapat)
        overrides = {**overrides, "tanggal_rapat": tanggal_rapat}
    try:
        settings = Settings.from_dict(overrides)
    except SettingsError as exc:
        raise ParamsError(f"{sumber}: {exc}") from None
    judul = data.get("judul", daerah.judul_rakor if daerah is not None else JUDUL_RAKOR)
    if not isinstance(judul, str):
        raise ParamsError(f'{sumber}: judul harus teks dalam tanda kutip, contoh "Rakor Ekobang".')
    jobs_value = jobs if jobs is not None else data.get("jobs", 2)
    if isinstance(jobs_value, bool) or not isinstance(jobs_value, int) or not 1 <= jobs_value <= 16:
        raise ParamsError(f"{sumber}: jobs harus bilangan bulat 1–16; tertulis {jobs_value!r}.")
    params = Params(
        periode=str(p),
        asisten=_asisten(asisten if asisten is not None else data.get("asisten"), sumber, daerah),
        judul=judul,
        tanggal_rapat=tanggal_rapat,
        jobs=jobs_value,
        settings=settings,
        overrides=dict(overrides),
    )
    return params, asal


def period_params(
    workbook: Workbook, periode: str, *, asisten: str | None = None, jobs: int | None = None
) -> tuple[Params, str]:
    """The month's parameters (``params/<periode>.yaml`` and command-line overrides), checked
    against the regency's coordination lines (``daerah.yaml``); with a note on where they came
    from. Light: reads two small YAML files, imports no pandas."""
    try:
        daerah = read_daerah(workbook.reference / DAERAH_FILE)
    except DaerahError as exc:
        raise ParamsError(str(exc)) from None
    return read_params(workbook.params, periode, asisten=asisten, jobs=jobs, daerah=daerah)
