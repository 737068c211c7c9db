"""What every report notebook starts from: reference data, the store, the evaluation, the
data-quality findings — computed once per set of inputs.

``load_context(root, periode, settings_json)`` is keyed on (root, periode, settings, the size and
modification time of every input file, and the monev code itself). It is memoised in the process,
so forty reports in one kernel compute once, and pickled under ``data/cache/``, so the runner
computes it once while its kernels start and every kernel only loads it (~20 ms against ~1,5 s).
The cache holds only immutable input data, never a report's own state; deleting it is always safe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from monev.data import cache
from monev.data.reference import Referensi, load_reference
from monev.engine.evaluasi import Evaluasi, evaluasi
from monev.model.daerah import Daerah
from monev.model.periode import Periode
from monev.model.settings import Settings
from monev.model.workbook import Workbook


@dataclass(frozen=True)
class Context:
    workbook: Workbook
    periode: str
    settings: Settings
    ref: Referensi
    evaluasi: Evaluasi
    realisasi: pd.DataFrame
    keuangan: pd.DataFrame
    kualitas: pd.DataFrame
    skor_kualitas: pd.DataFrame

    @property
    def daerah(self) -> Daerah:
        """The regency's identity (name, government, coordination lines)."""
        return self.ref.daerah


def input_fingerprint(workbook: Workbook) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime_ns) of every input file: a change to any of them invalidates the cache."""
    files = sorted(workbook.reference.glob("*.csv"))
    for extra in (workbook.store, workbook.store.with_name(workbook.store.name + ".wal")):
        if extra.exists():
            files.append(extra)
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def load_context(
    root: str | Path, periode: str, settings_json: str = "{}", ref: Referensi | None = None
) -> Context:
    """The context of a period. ``ref``: reference data the caller has just loaded and validated
    (the runner has, for planning), so it is not loaded twice."""
    workbook = Workbook.at(root)
    periode = str(Periode.parse(periode))
    settings_json = settings_json or "{}"
    kunci = (str(workbook.root), periode, settings_json, input_fingerprint(workbook))
    ktx = _MEMO.get(kunci)
    if ktx is None:
        berkas = cache.berkas(workbook.cache, "context", kunci)
        ktx = cache.baca(berkas, Context)
        if ktx is None:
            ktx = compute_context(workbook, periode, settings_json, ref)
            cache.tulis(berkas, ktx)
        while len(_MEMO) >= SIMPAN_MEMO:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[kunci] = ktx
    return ktx


def forget_contexts() -> None:
    """Forget the contexts held in this process (the pickles stay)."""
    _MEMO.clear()


SIMPAN_MEMO = 4  # contexts kept in memory per process
_MEMO: dict[tuple, Context] = {}


def compute_context(
    workbook: Workbook, periode: str, settings_json: str, ref: Referensi | None = None
) -> Context:
    """The evaluation and quality checks of a period, from the reference files and the store."""
    from monev.data.store import read_table
    from monev.engine.quality import periksa_kualitas, skor_kualitas

    settings = Settings.from_dict(json.loads(settings_json))
    ref = ref if ref is not None else load_reference(workbook.reference, workbook.cache)
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
    return Context(
        workbook, periode, settings, ref, ev, tabel["realisasi"], tabel["keuangan"], kualitas, skor
    )
