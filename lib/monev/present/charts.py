"""Charts: data first (the engine's frames), keyword options, return the Figure. No capaian,
mean or roll-up is computed here: every value drawn or written is a column of the engine's
result. Band colours follow the band's position in ``settings.bands``. Each chart has a caption
function that states the finding in one sentence."""

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
from matplotlib.text import Text

from monev.engine.capaian import predikat_kode
from monev.engine.trends import MEMBAIK, MEMBURUK, STABIL, label_tren
from monev.model.settings import Settings
from monev.present import format as fmt
from monev.present.escape import teks
from monev.present.theme import DPI, OKABE_ITO, posisi_band, warna_band, warna_predikat

# Legible on a 390 px phone: a figure LEBAR inches wide is a 600 px image shown about 370 px
# wide there, so HURUF_MIN points print at about 10 px (``terbaca`` raises smaller text).
LEBAR = 6.0
HURUF_MIN = 12.0


def terbaca(fig: Figure) -> Figure:
    """Raise every text of ``fig`` (titles, ticks, labels, legends, value labels) to at least
    ``HURUF_MIN`` points."""
    for ax in fig.axes:  # tick labels are made anew at drawing: set their size on the axis
        for sumbu, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
            ticks = axis.get_major_ticks()
            if not ticks or ticks[0].label1.get_fontsize() < HURUF_MIN:
                ax.tick_params(axis=sumbu, labelsize=HURUF_MIN)
    for t in fig.findobj(Text):
        if t.get_text() and t.get_fontsize() < HURUF_MIN:
            t.set_fontsize(HURUF_MIN)
    return fig


def label_bulan(ax, periode: list[str]) -> None:
    """Month ticks as "Okt 2026", at most 12 labels (every k-th month of a longer series)."""
    langkah = max(1, -(-len(periode) // 12))
    posisi = list(range(0, len(periode), langkah))
    label = [fmt.bulan_singkat(periode[i]) for i in posisi]
    ax.set_xticks(posisi, label)


def kanvas(tinggi: float = 4.0, lebar: float = LEBAR) -> tuple[Figure, object]:
    fig = Figure(figsize=(lebar, tinggi), dpi=DPI, layout="constrained")
    return fig, fig.add_subplot()


def peringkat_capaian(opd: pd.DataFrame, *, settings: Settings, label: str = "singkatan"):
    """Horizontal bars of each OPD's rata-rata capaian, coloured by its predikat's band position
    in ``settings.bands``. Negative capaian is clipped at 0 in the drawing; the label keeps the
    true value."""
    data = opd[opd["rata_capaian"].notna()].sort_values("rata_capaian")
    fig, ax = kanvas(tinggi=max(2.5, 0.28 * len(data) + 1))
    nilai = data["rata_capaian"].to_numpy(dtype=float)
    warna = [warna_predikat(p, settings) for p in data["predikat"].astype(object)]
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
    fig, ax = kanvas(tinggi=max(2.5, 0.28 * len(data) + 1))
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


def kuadran_kinerja(
    opd: pd.DataFrame, *, batas_kinerja: float, batas_serapan: float, label: str = "singkatan"
) -> Figure:
    """Capaian kinerja against the keuangan deviasi from plan, with the lines the engine's
    ``kuadran`` rule draws (``batas_kinerja``: kinerja is high above it; ``batas_serapan``:
    serapan is on plan at or above it): who spends much with little result, or the reverse."""
    data = opd[opd["rata_capaian"].notna() & opd["deviasi_keuangan"].notna()]
    fig, ax = kanvas(tinggi=4.5)
    ax.scatter(
        data["deviasi_keuangan"],
        data["rata_capaian"].clip(lower=0),
        color=OKABE_ITO[0],
        edgecolor="#000",
        zorder=3,
    )
    for _, row in data.iterrows():
        ax.annotate(
            str(row[label]),
            (row["deviasi_keuangan"], max(row["rata_capaian"], 0)),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    ax.axhline(batas_kinerja, color="#555", linestyle="--", linewidth=0.8)
    ax.axvline(batas_serapan, color="#555", linestyle=":", linewidth=0.8)
    ax.set_xlabel("Deviasi realisasi keuangan terhadap rencana (poin)")
    ax.set_ylabel("Rata-rata capaian kinerja (%)")
    ax.set_title("Kuadran kinerja dan serapan anggaran")
    return fig


def tren_capaian(bulanan: pd.DataFrame, *, kelompok: str, judul: str) -> Figure:
    """Lines of the engine's monthly roll-up: one row per (``kelompok``, ``periode``) with
    ``rata_capaian``, as ``monev.engine.rollup.rollup`` gives it."""
    data = bulanan[bulanan["rata_capaian"].notna()].astype({kelompok: str, "periode": str})
    fig, ax = kanvas(tinggi=4.2)
    if not data.empty:
        bulan = sorted(data["periode"].unique())
        data = data.assign(_x=data["periode"].map({p: i for i, p in enumerate(bulan)}))
        sns.lineplot(
            data=data, x="_x", y="rata_capaian", hue=kelompok, marker="o", errorbar=None, ax=ax,
        )  # fmt: skip
        ax.legend(loc="best", title=None)
        label_bulan(ax, bulan)
    ax.axhline(100, color="#333", linewidth=0.8, linestyle="--")
    ax.tick_params(axis="x", rotation=45)
    ax.set_xlabel("")
    ax.set_ylabel("Rata-rata capaian (%)")
    ax.set_title(judul)
    return fig


def seri_iku(seri: pd.DataFrame, *, nama: str, satuan: str) -> Figure:
    """An IKU's own values by year against its targets."""
    fig, ax = kanvas(tinggi=3.5)
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


def band_rendah(settings: Settings) -> int:
    """Position of the highest band the ranking caption counts as low: the bands below the
    middle one (Rendah and Sangat Rendah of the five default bands)."""
    n = len(settings.bands)
    return min(n // 2 + 1, n - 1)


def caption_peringkat(opd: pd.DataFrame, settings: Settings) -> str:
    """The best OPD, and how many are in the lower bands (by the engine's predikat)."""
    data = opd[opd["rata_capaian"].notna()]
    if data.empty:
        return "Belum ada capaian yang dapat dihitung."
    terbaik = data.loc[data["rata_capaian"].idxmax()]
    teks_ = f"{terbaik['singkatan']} tertinggi dengan {fmt.persen(terbaik['rata_capaian'], 2)}"
    if len(settings.bands) < 2:
        return teks_ + "."
    batas = band_rendah(settings)
    posisi = np.array([posisi_band(p, settings) for p in data["predikat"].astype(object)])
    rendah = int((posisi >= batas).sum())
    band = settings.bands[batas].label
    bawah = " atau di bawahnya" if batas < len(settings.bands) - 1 else ""
    return teks_ + f"; {rendah} dari {len(data)} OPD berpredikat {band}{bawah}."


def caption_serapan(opd: pd.DataFrame) -> str:
    """How many OPDs miss the absorption milestone in force (the engine's
    ``memenuhi_milestone``), or else spend below their anggaran-kas plan (negative deviasi)."""
    data = opd[opd["realisasi_keuangan_pct"].notna()]
    if data.empty:
        return "Belum ada laporan realisasi keuangan."
    if "milestone_target" in data and data["milestone_target"].notna().any():
        ms = float(data["milestone_target"].dropna().iloc[0])
        kurang = int((~data["memenuhi_milestone"].astype("boolean").fillna(False)).sum())
        return f"{kurang} dari {len(data)} OPD di bawah tonggak serapan {fmt.angka(ms, 0)} %."
    kurang = int((data["deviasi_keuangan"] < 0).sum())
    return f"{kurang} dari {len(data)} OPD menyerap di bawah rencana anggaran kas."


def caption_kuadran(opd: pd.DataFrame) -> str:
    if "kuadran" not in opd or opd["kuadran"].isna().all():
        return "Kuadran belum dapat disusun."
    hitung = opd["kuadran"].value_counts()
    bagian = [f"{int(n)} OPD {k}" for k, n in hitung.items() if n > 0]
    return "; ".join(bagian) + "."


def caption_tren(baris: pd.Series, nama: str, settings: Settings) -> str:
    """The trend of one roll-up row of the engine (an OPD, an Asisten, the regency): its
    direction and slope over the last ``trend_window`` months, and its value at the period."""
    w = settings.trend_window
    if pd.isna(baris.get("kemiringan")):
        return f"Riwayat {nama} belum cukup untuk tren {w} bulan."
    k = float(baris["kemiringan"])
    tanda = "+" if k > 0 else "−" if k < 0 else ""
    return (
        f"Tren {w} bulan {nama}: {baris['arah_tren']} ({tanda}{fmt.angka(abs(k), 2)} poin per "
        f"bulan); rata-rata capaian {fmt.persen(baris['rata_capaian'], 2)} bulan ini."
    )


def caption_heatmap(opd: pd.DataFrame, settings: Settings) -> str:
    """Who improved and who worsened over the trend window, by the engine's trend of each OPD
    (``arah_tren``: membaik / memburuk / stabil) and its label (basis, window, tolerance)."""
    label = label_tren(settings)
    label = label[:1].upper() + label[1:]
    data = opd[opd["kemiringan"].notna() & opd["arah_tren"].notna()]
    if data.empty:
        return f"Belum ada OPD dengan riwayat cukup untuk {label_tren(settings)}."
    arah = data["arah_tren"].astype(str)
    teks_ = (
        f"{label}: {int((arah == MEMBAIK).sum())} OPD membaik, "
        f"{int((arah == MEMBURUK).sum())} memburuk, {int((arah == STABIL).sum())} stabil"
    )
    baik, buruk = data[arah == MEMBAIK], data[arah == MEMBURUK]
    if len(baik):
        n = baik.loc[baik["kemiringan"].idxmax()]
        teks_ += (
            f"; membaik tercepat {n['singkatan']} (+{fmt.angka(n['kemiringan'], 2)} poin/bulan)"
        )
    if len(buruk):
        t = buruk.loc[buruk["kemiringan"].idxmin()]
        teks_ += (
            f"; memburuk tercepat {t['singkatan']} (−{fmt.angka(-t['kemiringan'], 2)} poin/bulan)"
        )
    return teks_ + "."


# ------------------------------------------------------------------------------ embedding


def gambar_html(fig: Figure, caption: str, alt: str | None = None) -> str:
    """The figure as an inline PNG inside <figure>, with its caption (escaped); closes nothing
    global (figures are created without pyplot)."""
    buf = io.BytesIO()
    terbaca(fig).savefig(buf, format="png", dpi=DPI)
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    alt_text = teks(alt or fig.axes[0].get_title() if fig.axes else caption)
    return (
        f'<figure><img alt="{alt_text}" src="data:image/png;base64,{data}"/>'
        f"<figcaption>{teks(caption)}</figcaption></figure>"
    )


def heatmap_capaian(
    tabel: pd.DataFrame, *, settings: Settings, judul: str = "Capaian OPD per bulan"
) -> Figure:
    """Heatmap of a wide frame (index = OPD label, columns = month, values = capaian from the
    engine). Each cell takes the colour of its predikat's band position, the same as in the
    tables (the engine's band rule, so a cell at exactly a band's lower bound falls in the band
    below, as its predikat does); cells show their value while the grid is small enough to read."""
    data = tabel.astype(float)
    kode = predikat_kode(data.to_numpy().ravel(), settings).reshape(data.shape).astype(float)
    kode[kode < 0] = np.nan  # no capaian: an empty cell
    n = len(settings.bands)
    band = list(reversed(settings.bands))  # lowest first, as the codes
    warna = ListedColormap([warna_band(n - 1 - i, n) for i in range(n)])
    fig, ax = kanvas(tinggi=max(2.5, 0.3 * len(data) + 1.2))
    besar = data.size > 120
    sns.heatmap(
        pd.DataFrame(kode, index=data.index, columns=data.columns),
        ax=ax,
        cmap=warna,
        vmin=-0.5,
        vmax=n - 0.5,
        annot=None if besar else data.to_numpy(),
        fmt=".0f",
        linewidths=0.5,
        linecolor="white",
        cbar_kws={"label": "Predikat", "ticks": list(range(n))},
    )
    ax.collections[0].colorbar.set_ticklabels([b.label for b in band])
    ax.set_xlabel("")
    ax.set_ylabel("")
    ax.set_title(judul)
    return fig


def lintasan_iku(sumber: pd.DataFrame, lintasan: pd.DataFrame, *, nama: str, satuan: str) -> Figure:
    """An IKU's realised values by year, one labelled line per data source (the engine's
    ``lintas.seri_iku_sumber``: stunting SSGI and e-PPGBM both), beside its RPJMD target path to
    the end of the plan (``lintas.lintasan_rpjmd``): the years target.csv gives, joined by a
    dashed line, the end-of-plan target marked; a range target is a shaded band."""
    fig, ax = kanvas(tinggi=3.8)
    nilai = sumber[sumber["nilai"].notna()]
    for i, (nama_sumber, grp) in enumerate(nilai.groupby("sumber", observed=True, sort=True)):
        label = f"Realisasi {nama_sumber}"
        if grp["utama"].any() and nilai["sumber"].nunique() > 1:
            label += " (sumber utama)"
        ax.plot(grp["tahun"], grp["nilai"], marker="o", color=OKABE_ITO[i % 8], label=label)
    t = lintasan[lintasan["target"].notna()]
    if len(t):
        ax.plot(t["tahun"], t["target"], linestyle="--", marker="x", color="#000",
                label="Lintasan target RPJMD")  # fmt: skip
        akhir = t[t["jenis_target"] == "akhir_rpjmd"]
        if len(akhir):
            ax.scatter(akhir["tahun"], akhir["target"], marker="*", s=160, color="#000",
                       zorder=3, label="Target akhir RPJMD")  # fmt: skip
    r = lintasan[lintasan["target_bawah"].notna() & lintasan["target_atas"].notna()]
    if len(r):
        ax.fill_between(r["tahun"], r["target_bawah"], r["target_atas"], color="#999",
                        alpha=0.35, label="Rentang target RPJMD")  # fmt: skip
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel("Tahun")
    ax.set_ylabel(satuan)
    ax.set_title(nama)
    if ax.get_legend_handles_labels()[0]:
        ax.legend(fontsize=8)
    return fig
