"""Styled, escaped HTML tables for the reports.

Every cell and every label is escaped (``Styler`` escapes nothing by default); numbers use the
Indonesian format; predikat and traffic-light cells carry colour AND their text. Headers come
from the glossary (``monev.present.labels.kolom``); a predikat cell takes the colour of its band's
position in the settings given (no settings: text only).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping

import numpy as np
import pandas as pd
from IPython.display import HTML

from monev.model.settings import Settings
from monev.present import format as fmt
from monev.present.escape import teks
from monev.present.theme import TANPA_BAND, WARNA_LAMPU, warna_predikat

Formatter = Callable[[object], str]

# How to format columns by name; unknown columns are escaped as text.
FORMAT_KOLOM: dict[str, Formatter] = {
    "capaian": fmt.angka,
    "rata_capaian": fmt.angka,
    "target": fmt.angka,
    "target_tahunan": fmt.angka,
    "realisasi": fmt.angka,
    "perubahan_mom": fmt.angka,
    "perubahan_yoy": fmt.angka,
    "realisasi_keuangan_pct": fmt.angka,
    "target_keuangan_pct": fmt.angka,
    "deviasi_keuangan": fmt.angka,
    "realisasi_fisik": fmt.angka,
    "target_fisik": fmt.angka,
    "deviasi_fisik": fmt.angka,
    "pagu": fmt.rupiah,
    "realisasi_keuangan": fmt.rupiah,
    "skor": fmt.angka,
    "skor_kelengkapan": fmt.angka,
    "skor_ketepatan": fmt.angka,
    "skor_validitas": fmt.angka,
    "proyeksi_akhir_tahun": fmt.angka,
    "capaian_proyeksi": fmt.angka,
    "target_tahun_data": fmt.angka,
}


def _format_sel(kolom: str) -> Formatter:
    if kolom == "jenis":  # a finding's kind reads as words ("ketepatan waktu"), not its key
        return lambda v: teks(fmt.jenis_temuan(v))
    if kolom in ("periode", "periode_nilai"):  # months read "Okt 2026", as on the charts
        return lambda v: teks(fmt.bulan_atau_teks(v))
    base = FORMAT_KOLOM.get(kolom)
    if base is None:
        return _format_lain
    # a text in a number column is already as it should read ("belum lapor", "0,25–0,26")
    return lambda v: teks(v) if isinstance(v, str) else teks(base(v))


def _format_lain(v: object) -> str:
    if isinstance(v, bool | np.bool_):
        return fmt.ya_tidak(v)
    if isinstance(v, dt.date) and not pd.isna(v):  # datetime and Timestamp too
        return teks(fmt.tanggal(v))
    return fmt.angka(v) if isinstance(v, float) else teks(v)


def _teks_kontras(latar: str) -> str:
    """Black or white text, whichever reads better on the background colour."""
    r, g, b = (int(latar[i : i + 2], 16) for i in (1, 3, 5))
    return "#000" if 0.299 * r + 0.587 * g + 0.114 * b > 140 else "#fff"


def _gaya_sel(kolom: str, value: object, settings: Settings | None) -> str:
    latar = None
    if kolom == "predikat" and isinstance(value, str) and settings is not None:
        latar = warna_predikat(value, settings)
        latar = None if latar == TANPA_BAND else latar
    elif kolom.startswith("lampu") and isinstance(value, str) and value in WARNA_LAMPU:
        latar = WARNA_LAMPU[value]
    return f"background-color: {latar}; color: {_teks_kontras(latar)}" if latar else ""


def tabel_html(
    df: pd.DataFrame,
    kolom: Mapping[str, str],
    *,
    settings: Settings | None = None,
    caption: str | None = None,
    kosong: str = "Tidak ada data.",
) -> str:
    """HTML of ``df[kolom.keys()]`` with headers ``kolom.values()``, everything escaped."""
    if df.empty:
        return f'<p class="kosong">{teks(kosong)}</p>'
    data = df[list(kolom)].reset_index(drop=True)
    header = "".join(f"<th>{teks(label)}</th>" for label in kolom.values())
    formatters = {k: _format_sel(k) for k in kolom}
    rows = []
    for record in data.itertuples(index=False):
        cells = []
        for k, value in zip(kolom, record, strict=True):
            style = _gaya_sel(k, value, settings)
            attr = f' style="{style}"' if style else ""
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            cls = ' class="angka"' if numeric else ""
            cells.append(f"<td{attr}{cls}>{formatters[k](value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{teks(caption)}</caption>" if caption else ""
    # tabindex: a table wider than a phone scrolls inside this box, also by keyboard
    return (
        f'<div class="tabel" tabindex="0"><table>{cap}<thead><tr>{header}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def format_target(row, desimal: int = 2) -> str:
    """A row's target as printed: ``0,25–0,26`` for a range (``target_bawah``/``target_atas``),
    else the single ``target``; missing: an em dash."""
    bawah, atas = row.get("target_bawah"), row.get("target_atas")
    if not (pd.isna(bawah) or pd.isna(atas)) and float(bawah) != float(atas):
        return f"{fmt.angka(bawah, desimal)}–{fmt.angka(atas, desimal)}"
    return fmt.angka(row.get("target"), desimal)


def dengan_target(df: pd.DataFrame, kolom: str = "target") -> pd.DataFrame:
    """``df`` with its ``kolom`` as printed: a range target reads "a–b" (``target_bawah``,
    ``target_atas``), a single one as a number."""
    if df.empty or "target_bawah" not in df:
        return df
    return df.assign(**{kolom: [format_target(r) for _, r in df.iterrows()]})


def tampilkan(df: pd.DataFrame, kolom: Mapping[str, str], **kwargs) -> HTML:
    """The same table as a displayable object for notebooks."""
    return HTML(tabel_html(df, kolom, **kwargs))
