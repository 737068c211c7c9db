"""Pickles of derived data under ``data/cache/``, keyed by their inputs and by the monev code.

A file is named by the hash of its key, so a changed input or changed code simply misses. Writes
are atomic (readers see a whole file or none), the newest few files of a kind are kept, and a
damaged, unreadable or foreign file is recomputed, never trusted. Deleting the folder is always
safe.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import sys
from functools import lru_cache
from pathlib import Path

import pandas as pd

from monev.data.files import atomic_write


@lru_cache(maxsize=1)
def sidik_kode() -> tuple:
    """The code a pickle was made with: version, pandas, Python and every monev source file."""
    import monev

    paket = Path(monev.__file__).parent
    files = sorted(paket.rglob("*.py"))
    return (
        monev.__version__,
        pd.__version__,
        sys.version,
        tuple((str(p.relative_to(paket)), p.stat().st_size, p.stat().st_mtime_ns) for p in files),
    )


def berkas(folder: Path, jenis: str, kunci: object) -> Path:
    """``folder/<jenis>-<hash>.pkl`` for a JSON-able key (the code's fingerprint is added)."""
    teks = json.dumps([kunci, sidik_kode()], default=str)
    return folder / f"{jenis}-{hashlib.sha256(teks.encode()).hexdigest()[:32]}.pkl"


def baca(path: Path, tipe: type) -> object | None:
    """The pickled ``tipe`` at ``path``, or None when it is absent, unreadable or not a ``tipe``."""
    try:
        with open(path, "rb") as fh:
            isi = pickle.load(fh)
    except OSError:  # absent, or data/cache unreadable: compute instead
        return None
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None  # damaged or from other code: recompute (the key makes this rare)
    return isi if isinstance(isi, tipe) else None


def tulis(path: Path, isi: object, simpan: int = 8) -> None:
    """Pickle ``isi`` to ``path`` atomically; keep the newest ``simpan`` files of its kind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # atomic, and the temporary file is removed also when stopped half-way (the runner stops
        # a fork server it no longer needs)
        atomic_write(path, lambda fh: pickle.dump(isi, fh, protocol=pickle.HIGHEST_PROTOCOL))
        jenis = path.name.split("-", 1)[0]
        lama = sorted(path.parent.glob(f"{jenis}-*.pkl"), key=lambda p: p.stat().st_mtime_ns)
        for p in lama[:-simpan]:
            p.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only or full disk only costs the next reader a recomputation
