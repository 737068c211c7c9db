"""Charts: data first (the engine's frames), keyword options, return the Figure. No capaian is
computed here. Each chart has a caption function that states the finding in one sentence."""

from __future__ import annotations

import base64
import io

import matplotlib

matplotlib.use("Agg")  # reports render headless; JupyterLab users get inline figures anyway

import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure

from monev.engine.capaian import predikat_kode
from monev.model.settings import Settings
from monev.present import format as fmt
from monev.present.escape import teks
from monev.present.theme import DPI, OKABE_ITO, warna_predikat


def _fig(tinggi: float = 4.0, lebar: float = 8.0) -> tuple[Figure, object]:
    fig = Figure(figsize=(lebar, tinggi), dpi=DPI, layout="constrained")
    return fig, fig.add_subplot()


def peringkat_capaian(opd: pd.DataFrame, *, label: str = "singkatan") -> Figure:
    """Horizontal bars of each OPD's rata-rata capaian, coloured (and labelled) by predikat.
    Negative capaian is clipped at 0 in the drawing; the label keeps the true value."""
    data = opd[opd["rata_capaian"].notna()].sort_values("rata_capaian")
    fig, ax = _fig(tinggi=max(2.5, 0.28 * len(data) + 1))
    nilai = data["rata_capaian"].to_numpy(dtype=float)
    warna = [warna_predikat(str(p)) for p in data["predikat"]]
    ax.barh(data[label].astype(str), np.clip(nilai, 0, None), color=warna, edgecolor="#333")
    for y, v in enumerate(nilai):
        ax.text(max(v, 0) + 1, y, fmt.angka(v, 1), va="center", fontsize=8)
    ax.axvline(100, color="#333", linewidth=0.8, linestyle="--")
    ax.set_xlabel("Rata-rata capaian kinerja (%)")
    ax.set_ylabel("")
    ax.set_title("Peringkat OPD menurut rata-rata capaian kinerja")
    return fig


def serapan_anggaran(opd: pd.DataFrame, *, label: str = "singkatan") -> Figure:
    """Realisasi keuangan % per OPD against its anggaran-kas target (marker) and milestone."""
    data = opd[opd["realisasi_keuangan_pct"].notna()].sort_values("realisasi_keuangan_pct")
    fig, ax = _fig(tinggi=max(2.5, 0.28 * len(data) + 1))
    y = np.arange(len(data))
    ax.barh(y, data["realisasi_keuangan_pct"], color=OKABE_ITO[0], label="Realisasi keuangan")
    ax.scatter(
        data["target_keuangan_pct"],
        y,
        marker="|",
        s=200,
        color="#000",
        label="Target anggaran kas",
        zorder=3,
    )
    if "milestone_target" in data and data["milestone_target"].notna().any():
        ms = float(data["milestone_target"].dropna().iloc[0])
        ax.axvline(ms, color=OKABE_ITO[3], linestyle="--", label=f"Tonggak {fmt.angka(ms, 0)} %")
    ax.set_yticks(y, data[label].astype(str))
    ax.set_xlabel("Realisasi keuangan s.d. bulan ini (% pagu)")
    ax.set_title("Serapan anggaran per OPD")
    ax.legend(loc="lower right", fontsize=8)
    return fig


def kuadran_kinerja(opd: pd.DataFrame, *, label: str = "singkatan", batas_kinerja: float = 75.0):
    """Capaian kinerja against realisasi keuangan: who spends much with little result, or the
    reverse."""
    data = opd[opd["rata_capaian"].notna() & opd["realisasi_keuangan_pct"].notna()]
    fig, ax = _fig(tinggi=4.5)
    ax.scatter(
        data["realisasi_keuangan_pct"],
        data["rata_capaian"].clip(lower=0),
        color=OKABE_ITO[0],
        edgecolor="#000",
        zorder=3,
    )
    for _, row in data.iterrows():
        ax.annotate(
            str(row[label]),
            (row["realisasi_keuangan_pct"], max(row["rata_capaian"], 0)),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.axhline(batas_kinerja, color="#555", linestyle="--", linewidth=0.8)
    if "target_keuangan_pct" in data and data["target_keuangan_pct"].notna().any():
        ax.axvline(
            float(data["target_keuangan_pct"].median()), color="#555", linestyle=":", linewidth=0.8
        )
    ax.set_xlabel("Realisasi keuangan (% pagu)")
    ax.set_ylabel("Rata-rata capaian kinerja (%)")
    ax.set_title("Kuadran kinerja dan serapan anggaran")
    return fig


def tren_capaian(riwayat: pd.DataFrame, *, kelompok: str, judul: str) -> Figure:
    """Monthly mean capaian per group (an OPD's indicators, or OPDs) over the months given."""
    data = (
        riwayat[riwayat["capaian"].notna()]
        .groupby([kelompok, "periode"], observed=True)["capaian"]
        .mean()
        .reset_index()
    )
    fig, ax = _fig(tinggi=3.8)
    if not data.empty:
        sns.lineplot(
            data=data, x="periode", y="capaian", hue=kelompok, marker="o", errorbar=None, ax=ax
        )
        ax.legend(fontsize=7, loc="best", title=None)
    ax.axhline(100, color="#333", linewidth=0.8, linestyle="--")
    ax.tick_params(axis="x", rotation=45, labelsize=7)
    ax.set_xlabel("")
    ax.set_ylabel("Capaian (%)")
    ax.set_title(judul)
    return fig


def seri_iku(seri: pd.DataFrame, *, nama: str, satuan: str) -> Figure:
    """An IKU's own values by year against its targets."""
    fig, ax = _fig(tinggi=3.5)
    nilai = seri[seri["nilai"].notna()]
    for i, (sumber, grp) in enumerate(nilai.groupby("sumber", observed=True)):
        ax.plot(grp["tahun"], grp["nilai"], marker="o", color=OKABE_ITO[i % 8], label=str(sumber))
    if "target" in seri and seri["target"].notna().any():
        t = seri[seri["target"].notna()].drop_duplicates("tahun")
        ax.plot(t["tahun"], t["target"], linestyle="--", marker="x", color="#000", label="Target")
    ax.set_xlabel("Tahun")
    ax.set_ylabel(satuan)
    ax.set_title(nama)
    ax.legend(fontsize=8)
    return fig


# ------------------------------------------------------------------------------ captions


def caption_peringkat(opd: pd.DataFrame, batas_rendah: float = 65.0) -> str:
    data = opd[opd["rata_capaian"].notna()]
    if data.empty:
        return "Belum ada capaian yang dapat dihitung."
    terbaik = data.loc[data["rata_capaian"].idxmax()]
    rendah = int((data["rata_capaian"] <= batas_rendah).sum())
    return (
        f"{terbaik['singkatan']} tertinggi dengan {fmt.persen(terbaik['rata_capaian'], 1)}; "
        f"{rendah} dari {len(data)} OPD berpredikat Rendah atau di bawahnya."
    )


def caption_serapan(opd: pd.DataFrame) -> str:
    data = opd[opd["realisasi_keuangan_pct"].notna()]
    if data.empty:
        return "Belum ada laporan realisasi keuangan."
    if "milestone_target" in data and data["milestone_target"].notna().any():
        ms = float(data["milestone_target"].dropna().iloc[0])
        kurang = int((data["realisasi_keuangan_pct"] < ms).sum())
        return f"{kurang} dari {len(data)} OPD di bawah tonggak serapan {fmt.angka(ms, 0)} %."
    kurang = int((data["realisasi_keuangan_pct"] < data["target_keuangan_pct"]).sum())
    return f"{kurang} dari {len(data)} OPD menyerap di bawah rencana anggaran kas."


def caption_kuadran(opd: pd.DataFrame) -> str:
    if "kuadran" not in opd or opd["kuadran"].isna().all():
        return "Kuadran belum dapat disusun."
    hitung = opd["kuadran"].value_counts()
    bagian = [f"{int(n)} OPD {k}" for k, n in hitung.items() if n > 0]
    return "; ".join(bagian) + "."


def caption_tren(riwayat: pd.DataFrame) -> str:
    data = riwayat[riwayat["capaian"].notna()]
    if data["periode"].nunique() < 2:
        return "Riwayat belum cukup untuk melihat tren."
    bulanan = data.groupby("periode")["capaian"].mean()
    beda = bulanan.iloc[-1] - bulanan.iloc[0]
    arah = "naik" if beda > 0 else "turun" if beda < 0 else "tetap"
    return (
        f"Rata-rata capaian {arah} {fmt.angka(abs(beda), 1)} poin dari "
        f"{fmt.periode(bulanan.index[0])} ke {fmt.periode(bulanan.index[-1])}."
    )


def caption_heatmap(tabel: pd.DataFrame) -> str:
    """Who rose and who fell between the first and the last month of an OPD × month table."""
    awal, akhir = tabel.iloc[:, 0], tabel.iloc[:, -1]
    beda = (akhir - awal).dropna()
    if beda.empty:
        return "Belum ada OPD dengan capaian di awal dan akhir rentang ini."
    naik, turun = beda[beda > 0], beda[beda < 0]
    teks_ = (
        f"Dari {fmt.periode(tabel.columns[0])} ke {fmt.periode(tabel.columns[-1])}: "
        f"{len(naik)} OPD naik, {len(turun)} turun"
    )
    if len(naik):
        teks_ += f"; naik terbesar {naik.idxmax()} (+{fmt.angka(naik.max(), 1)} poin)"
    if len(turun):
        teks_ += f"; turun terbesar {turun.idxmin()} (−{fmt.angka(-turun.min(), 1)} poin)"
    return teks_ + "."


# ------------------------------------------------------------------------------ embedding


def gambar_html(fig: Figure, caption: str, alt: str | None = None) -> str:
    """The figure as an inline PNG inside <figure>, with its caption (escaped); closes nothing
    global (figures are created without pyplot)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt_text = teks(alt or fig.axes[0].get_title() if fig.axes else caption)
    return (
        f'<figure><img alt="{alt_text}" src="data:image/png;base64,{data}"/>'
        f"<figcaption>{teks(caption)}</figcaption></figure>"
    )


def heatmap_capaian(
    tabel: pd.DataFrame,
    *,
    judul: str = "Capaian OPD per bulan",
    settings: Settings | None = None,
) -> Figure:
    """Heatmap of a wide frame (index = OPD label, columns = month, values = capaian from the
    engine). Each cell takes its predikat's colour, the same as in the tables (the engine's band
    rule, so a cell at exactly a band's lower bound falls in the band below, as its predikat
    does); cells show their value while the grid is small enough to read."""
    settings = settings or Settings()
    data = tabel.astype(float)
    kode = predikat_kode(data.to_numpy().ravel(), settings).reshape(data.shape).astype(float)
    kode[kode < 0] = np.nan  # no capaian: an empty cell
    band = list(reversed(settings.bands))  # lowest first, as the codes
    warna = ListedColormap([warna_predikat(b.label) for b in band])
    fig, ax = _fig(tinggi=max(2.5, 0.3 * len(data) + 1.2))
    besar = data.size > 120
    sns.heatmap(
        pd.DataFrame(kode, index=data.index, columns=data.columns),
        ax=ax,
        cmap=warna,
        vmin=-0.5,
        vmax=len(band) - 0.5,
        annot=None if besar else data.to_numpy(),
        fmt=".0f",
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": "Predikat", "ticks": list(range(len(band)))},
    )
    ax.collections[0].colorbar.set_ticklabels([b.label for b in band])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(judul)
    return fig
