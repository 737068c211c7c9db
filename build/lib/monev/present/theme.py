"""One colour-blind-safe theme for every chart, applied by a call (never at import)."""

from __future__ import annotations

import matplotlib as mpl
import seaborn as sns

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]

# Predikat from best to worst: blue → light blue → yellow → orange → vermillion.
WARNA_PREDIKAT = {
    "Sangat Tinggi": "#0072B2",
    "Tinggi": "#56B4E9",
    "Sedang": "#F0E442",
    "Rendah": "#E69F00",
    "Sangat Rendah": "#D55E00",
}
WARNA_LAMPU = {"hijau": "#009E73", "kuning": "#F0E442", "merah": "#D55E00"}
DPI = 100


def warna_predikat(label: str) -> str:
    """Colour of a predikat label (custom band tables fall back to grey)."""
    return WARNA_PREDIKAT.get(label, "#BBBBBB")


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
