"""One colour-blind-safe theme for every chart, applied by a call (never at import)."""

from __future__ import annotations

import matplotlib as mpl
import seaborn as sns
from matplotlib.colors import LinearSegmentedColormap, to_hex

from monev.engine.budget import HIJAU, KUNING, MERAH
from monev.model.settings import Settings

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# Predikat bands from best to worst, by position in ``settings.bands`` (never by label, so a
# renamed band keeps its colour): blue → light blue → yellow → orange → vermillion.
WARNA_BAND = ("#0072B2", "#56B4E9", "#F0E442", "#E69F00", "#D55E00")
TANPA_BAND = "#BBBBBB"  # a value no band of the settings names
WARNA_LAMPU = {HIJAU: "#009E73", KUNING: "#F0E442", MERAH: "#D55E00"}  # the engine's lights
DPI = 100


def warna_band(posisi: int, jumlah: int) -> str:
    """Colour of the band at ``posisi`` (0 = highest) of a scale of ``jumlah`` bands: the five
    colours when there are five, evenly spaced picks from best to worst otherwise."""
    if not 0 <= posisi < jumlah:
        return TANPA_BAND
    if jumlah == 1:
        return WARNA_BAND[0]
    if jumlah <= len(WARNA_BAND):
        return WARNA_BAND[round(posisi * (len(WARNA_BAND) - 1) / (jumlah - 1))]
    skala = LinearSegmentedColormap.from_list("band", list(WARNA_BAND))
    return to_hex(skala(posisi / (jumlah - 1)))


def posisi_band(label: object, settings: Settings) -> int:
    """Position of a predikat label in ``settings.bands`` (0 = highest), −1 when none."""
    for i, b in enumerate(settings.bands):
        if label == b.label:
            return i
    return -1


def warna_predikat(label: object, settings: Settings) -> str:
    """Colour of a predikat label: the colour of its band's position in ``settings.bands``."""
    return warna_band(posisi_band(label, settings), len(settings.bands))


def terapkan_tema() -> None:
    """Set the workbook's seaborn/matplotlib look; call once per report (resets rcParams first)."""
    mpl.rcParams.update(mpl.rcParamsDefault)
    sns.set_theme(
        context="notebook",
        style="whitegrid",
        palette=OKABE_ITO,
        font_scale=0.9,
        rc={
            "figure.dpi": DPI,
            "savefig.dpi": DPI,
            "figure.figsize": (8, 4),
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            "figure.autolayout": False,
            "axes.spines.right": False,
            "axes.spines.top": False,
        },
    )
