"""What every report notebook starts from: reference data, the store, the evaluation, the
data-quality findings — computed once per set of inputs.

``load_context(root, periode, settings_json)`` is keyed on (root, periode, settings, the size and
modification time of every input file, and the monev code itself). It is memoised in the process,
so forty reports in one kernel compute once, and stored under ``data/cache/`` in a data-only
format (``monev.data.cache``: reading it never runs code), so the runner computes it once while
its kernels start and every kernel only loads it (~20 ms against ~1,5 s).
The cache holds only immutable input data, never a report's own state; deleting it is always safe.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from monev.app.params import period_params
from monev.data import cache
from monev.data.reference import Referensi, load_reference
from monev.engine.evaluasi import Evaluasi, evaluasi
from monev.engine.status import kiriman_berlaku
from monev.engine.tindak_lanjut import gabung_keputusan
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
    # per OPD with a submission in force this period: when it was loaded, whether it revised an
    # earlier one (``monev.data.store.revisi_kiriman``)
    revisi: pd.DataFrame
    # the rakor decisions register (store ``keputusan``) and every follow-up row up to the
    # period, the register's included (``engine.tindak_lanjut.gabung_keputusan``)
    keputusan: pd.DataFrame | None = None
    tindak_lanjut: pd.DataFrame | None = None
    # the submissions in force, every month (``kiriman_berlaku``): what the status of each
    # OPD-month is computed from
    kiriman: pd.DataFrame | None = None

    @property
    def daerah(self) -> Daerah:
        """The regency's identity (name, government, coordination lines)."""
        return self.ref.daerah


STORE_INPUTS = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")


@dataclass(frozen=True)
class Inputs:
    """What a workbook holds: its validated reference data and the store's tables."""

    ref: Referensi
    berkas: pd.DataFrame
    realisasi: pd.DataFrame
    keuangan: pd.DataFrame
    tindak_lanjut: pd.DataFrame
    temuan_muat: pd.DataFrame
    revisi: pd.DataFrame  # every OPD-month's submission in force (``store.revisi_kiriman``)
    keputusan: pd.DataFrame | None = None  # the rakor decisions register (every period)


def load_inputs(workbook: Workbook) -> Inputs:
    """Reference data (validated, or from the cache of an earlier validation) and the store's
    tables, each read through a short-lived read-only connection."""
    from monev.data.store import read_table, revisi_kiriman

    ref = load_reference(workbook.reference, workbook.cache)
    tables = {name: read_table(workbook.store, name) for name in STORE_INPUTS}
    keputusan = read_table(workbook.store, "keputusan")
    # the register's decisions are follow-up items of their OPDs, as if the OPD had opened them
    tables["tindak_lanjut"] = gabung_keputusan(tables["tindak_lanjut"], keputusan)
    return Inputs(ref, **tables, revisi=revisi_kiriman(workbook.store), keputusan=keputusan)


def open_period(root: str | Path, periode: str) -> Context:
    """The context of a period with the settings of its params file: what a command or the
    explorer shows is what the month's reports show."""
    workbook = Workbook.at(root)
    params, _ = period_params(workbook, periode)
    return load_context(workbook.root, params.periode, params.settings_json)


def input_fingerprint(workbook: Workbook) -> tuple[tuple[str, int, int], ...]:
    """(name, size, mtime_ns) of every input file: a change to any of them invalidates the cache."""
    files = sorted(
        p for p in workbook.reference.glob("*") if p.suffix in (".csv", ".yaml") and p.is_file()
    )
    for extra in (workbook.store, workbook.store.with_name(workbook.store.name + ".wal")):
        if extra.exists():
            files.append(extra)
    return tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)


def load_context(
    root: str | Path, periode: str, settings_json: str = "{}", inputs: Inputs | None = None
) -> Context:
    """The context of a period under the given settings (JSON of the overrides). ``inputs``:
    what the caller has just loaded (the report command has, for planning), so it is not read
    twice."""
    workbook = Workbook.at(root)
    periode = str(Periode.parse(periode))
    settings_json = settings_json or "{}"
    cache_key = (str(workbook.root), periode, settings_json, input_fingerprint(workbook))
    ctx = _MEMO.get(cache_key)
    if ctx is None:
        path = cache.cache_file(workbook.cache, "context", cache_key)
        ctx = cache.read(path, Context)
        if ctx is None:
            ctx = compute_context(workbook, periode, settings_json, inputs)
            cache.write(path, ctx)
        while len(_MEMO) >= SIMPAN_MEMO:
            _MEMO.pop(next(iter(_MEMO)))
        _MEMO[cache_key] = ctx
    return ctx


def forget_contexts() -> None:
    """Forget the contexts held in this process (the cache files stay)."""
    _MEMO.clear()


SIMPAN_MEMO = 4  # contexts kept in memory per process
_MEMO: dict[tuple, Context] = {}


def compute_context(
    workbook: Workbook, periode: str, settings_json: str, inputs: Inputs | None = None
) -> Context:
    """The evaluation and quality checks of a period, from the reference files and the store."""
    from monev.engine.quality import periksa_kualitas, skor_kualitas

    settings = Settings.from_dict(json.loads(settings_json))
    i = inputs if inputs is not None else load_inputs(workbook)
    kiriman = kiriman_berlaku(i.berkas, i.temuan_muat)
    ev = evaluasi(
        i.ref, i.realisasi, i.keuangan, i.tindak_lanjut, periode, settings, kiriman=kiriman
    )
    kualitas = periksa_kualitas(
        i.ref, i.berkas, i.realisasi, i.keuangan, i.temuan_muat, periode, settings, ev=ev
    )
    skor = skor_kualitas(i.ref, i.berkas, i.realisasi, kualitas, periode, settings, ev=ev)
    revisi = i.revisi[i.revisi["periode"].astype(str) == periode].reset_index(drop=True)
    tl = i.tindak_lanjut[i.tindak_lanjut["periode"].astype(str) <= periode]
    keputusan = None if i.keputusan is None else i.keputusan[i.keputusan["periode"] <= periode]
    return Context(
        workbook, periode, settings, i.ref, ev, i.realisasi, i.keuangan, kualitas, skor, revisi,
        keputusan=keputusan, tindak_lanjut=tl.reset_index(drop=True), kiriman=kiriman,
    )  # fmt: skip
