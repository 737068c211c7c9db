"""Write the comparison of two months (``present.banding``) as one self-contained HTML page:
the reports' CSS inline, no script, the reports' Content-Security-Policy."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from monev.data.files import atomic_write_text
from monev.model.periode import Periode
from monev.present.banding import baris_banding, ringkasan_banding
from monev.report.manifest import templates


def tulis_banding(
    path: Path, tabel: pd.DataFrame, periode: str, dengan: str, pemerintah: str = ""
) -> Path:
    p, q = Periode.parse(periode), Periode.parse(dengan)
    html = (
        templates()
        .get_template("banding.html.j2")
        .render(
            judul=f"Perbandingan kinerja OPD {p.label} dengan {q.label}",
            pemerintah=pemerintah,
            ringkasan=ringkasan_banding(tabel, p.label, q.label),
            label_p=p.label,
            label_q=q.label,
            baris=baris_banding(tabel),
        )
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, html)
    return path
