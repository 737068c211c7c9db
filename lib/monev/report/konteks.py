"""What every report notebook starts from: reference data, the store, the evaluation, the
data-quality findings — loaded once per long-lived kernel.

``muat(root, periode, settings_json)`` is memoised on (root, periode, settings, and the size and
modification time of every input file), so forty reports in one kernel compute once; the cache
holds only immutable input data, never a report's own state.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd

from monev.data.reference import Referensi, load_reference
from monev.engine.evaluasi import Evaluasi, evaluasi
from monev.model.periode import Periode
from monev.model.settings import Settings
from monev.model.workbook import Workbook


@dataclass(frozen=True)
class Konteks:
    workbook: Workbook
    periode: str
    settings: Settings
    ref: Referensi
    evaluasi: Evaluasi
    realisasi: pd.DataFrame
    keuangan: pd.DataFrame
    kualitas: pd.DataFrame
    skor_kualitas: pd.DataFrame


def sidik_input(workbook: Workbook) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime_ns) of every input file: a change to any of them invalidates the cache."""
    files = sorted(workbook.reference.glob("*.csv"))
    for extra in (workbook.store, workbook.store.with_name(workbook.store.name + ".wal")):
        if extra.exists():
            files.append(extra)
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def muat(root: str | Path, periode: str, settings_json: str = "{}") -> Konteks:
    workbook = Workbook.at(root)
    return _muat(
        str(workbook.root),
        str(Periode.parse(periode)),
        settings_json or "{}",
        sidik_input(workbook),
    )


@lru_cache(maxsize=4)
def _muat(root: str, periode: str, settings_json: str, _sidik: tuple) -> Konteks:
    from monev.data.store import read_table
    from monev.engine.quality import periksa_kualitas, skor_kualitas

    workbook = Workbook.at(root)
    settings = Settings.from_dict(json.loads(settings_json))
    ref = load_reference(workbook.reference)
    tabel = {
        name: read_table(workbook.store, name)
        for name in ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")
    }
    ev = evaluasi(
        ref, tabel["realisasi"], tabel["keuangan"], tabel["tindak_lanjut"], periode, settings
    )
    kualitas = periksa_kualitas(
        ref,
        tabel["berkas"],
        tabel["realisasi"],
        tabel["keuangan"],
        tabel["temuan_muat"],
        periode,
        settings,
    )
    skor = skor_kualitas(ref, tabel["berkas"], tabel["realisasi"], kualitas, periode, settings)
    return Konteks(
        workbook, periode, settings, ref, ev, tabel["realisasi"], tabel["keuangan"], kualitas, skor
    )
