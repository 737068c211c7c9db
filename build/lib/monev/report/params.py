"""Month parameters: ``params/<periode>.yaml``, validated before any notebook runs.

File (every key optional except where noted)::

    periode: "2026-10"            # YYYY-MM; quote it (YAML reads 2026-10-31 as a date)
    asisten: "II"                 # I, II, III, or empty for the whole regency
    judul: "Rakor Bidang Ekobang"
    tanggal_rapat: "2026-11-09"
    jobs: 2
    settings: {negative_formula: "2T-R", cap: null, ...}   # monev.model.settings.Settings

Notebook parameters (the allow-list; papermill injects only these, all ``str``): ``root``,
``periode``, ``asisten``, ``kode_opd`` (notebook ``opd``), ``kode_iku`` (notebook ``iku``),
``settings_json`` (JSON of the setting overrides), ``judul``, ``tanggal_rapat`` (ISO date).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from monev.model.periode import Periode, PeriodeError
from monev.model.settings import Settings, SettingsError

NOTEBOOK_PARAMETERS = (
    "root",
    "periode",
    "asisten",
    "kode_opd",
    "kode_iku",
    "settings_json",
    "judul",
    "tanggal_rapat",
)
KUNCI = {"periode", "asisten", "judul", "tanggal_rapat", "jobs", "settings"}
JUDUL_BAWAAN = "Rapat Koordinasi Monitoring dan Evaluasi Kinerja OPD"


class ParamsError(ValueError):
    """A params file or option that cannot be used; the message says what to write instead."""


@dataclass(frozen=True)
class Params:
    periode: str
    asisten: str = ""
    judul: str = JUDUL_BAWAAN
    tanggal_rapat: str = ""
    jobs: int = 2
    settings: Settings = field(default_factory=Settings)
    overrides: dict[str, Any] = field(default_factory=dict)

    @property
    def settings_json(self) -> str:
        return json.dumps(self.overrides, sort_keys=True, default=str)

    def notebook(self, root: Path, **extra: str) -> dict[str, str]:
        """The typed, allow-listed parameters for one notebook."""
        params = {
            "root": str(root),
            "periode": self.periode,
            "asisten": self.asisten,
            "settings_json": self.settings_json,
            "judul": self.judul,
            "tanggal_rapat": self.tanggal_rapat,
            **extra,
        }
        unknown = set(params) - set(NOTEBOOK_PARAMETERS)
        if unknown:
            raise ParamsError(f"Parameter notebook tidak dikenal: {', '.join(sorted(unknown))}.")
        if not all(isinstance(v, str) for v in params.values()):
            raise ParamsError("Semua parameter notebook harus teks.")
        return params


def _asisten(value: Any, sumber: str) -> str:
    if value in (None, ""):
        return ""
    text = str(value).strip().upper()
    if text not in ("I", "II", "III"):
        raise ParamsError(f"{sumber}: asisten {value!r} tidak dikenal; tulis I, II atau III.")
    return text


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


def baca_params(
    params_dir: Path,
    periode: str,
    *,
    asisten: str | None = None,
    jobs: int | None = None,
) -> tuple[Params, str]:
    """Read ``params/<periode>.yaml`` (if present), apply CLI overrides, validate everything.

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
    overrides = data.get("settings") or {}
    if not isinstance(overrides, dict):
        raise ParamsError(f"{sumber}: settings harus pasangan kunci: nilai.")
    try:
        settings = Settings.from_dict(overrides)
    except SettingsError as exc:
        raise ParamsError(f"{sumber}: {exc}") from None
    judul = data.get("judul", JUDUL_BAWAAN)
    if not isinstance(judul, str):
        raise ParamsError(f'{sumber}: judul harus teks dalam tanda kutip, contoh "Rakor Ekobang".')
    jobs_value = jobs if jobs is not None else data.get("jobs", 2)
    if isinstance(jobs_value, bool) or not isinstance(jobs_value, int) or not 1 <= jobs_value <= 16:
        raise ParamsError(f"{sumber}: jobs harus bilangan bulat 1–16; tertulis {jobs_value!r}.")
    params = Params(
        periode=str(p),
        asisten=_asisten(asisten if asisten is not None else data.get("asisten"), sumber),
        judul=judul,
        tanggal_rapat=_tanggal(data.get("tanggal_rapat"), sumber),
        jobs=jobs_value,
        settings=settings,
        overrides=dict(overrides),
    )
    return params, asal
