"""The JupyterLab explorer: filters over the indicator-period history, linked views.

Layers, so that the logic is testable without a browser:
- ``Kriteria`` + ``saring(frame, kriteria)``: a pure filter over the engine's ``riwayat`` frame;
- ``Penjelajah``: the ipywidgets (filters, table, trend chart, detail panel, export button)
  wired to it. Changes are debounced (``jeda`` seconds on the kernel's event loop) so dragging a
  slider recomputes once; recomputation touches only the filtered rows.
Data come from the store through short-lived read-only connections (``muat_data``), so an open
explorer never blocks ``monev ingest``; a busy store is said plainly, with a reload button.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from monev.engine.rollup import rollup_bulanan
from monev.engine.trends import NAIK, STABIL, TURUN
from monev.model.daerah import Daerah
from monev.model.settings import Settings
from monev.present import format as fmt
from monev.present.escape import teks
from monev.present.labels import kolom
from monev.present.tables import tabel_html

KOLOM_TABEL = ("periode", "singkatan", "kode_indikator", "nama_indikator", "target", "realisasi",
               "capaian", "predikat", "arah_tren")  # fmt: skip
MAKS_BARIS = 200  # rows shown; the export has all of them


@dataclass(frozen=True)
class Kriteria:
    asisten: str = ""
    opd: tuple[str, ...] = ()
    iku: str = ""
    level: str = ""
    predikat: tuple[str, ...] = ()
    arah_tren: str = ""
    hanya_bermasalah: bool = False  # only indicators with a data-quality finding
    dari: str = ""
    sampai: str = ""


def saring(
    frame: pd.DataFrame, k: Kriteria, bermasalah: set[tuple[str, str]] | None = None
) -> pd.DataFrame:
    """Rows of the indicator-period frame that meet every criterion (empty criterion = all)."""
    # compare on the categories, not on 10^6 converted strings: this is what keeps a filter fast
    mask = np.ones(len(frame), dtype=bool)

    def isin(kolom: str, nilai) -> np.ndarray:
        col = frame[kolom]
        if isinstance(col.dtype, pd.CategoricalDtype):
            cats = col.cat.categories.astype(str)
            kode = np.flatnonzero(np.isin(cats, list(nilai)))
            return np.isin(col.cat.codes.to_numpy(), kode)
        return col.astype(str).isin(list(nilai)).to_numpy()

    for nama, nilai in (("asisten", k.asisten), ("level", k.level), ("arah_tren", k.arah_tren)):
        if nilai:
            mask &= isin(nama, [nilai])
    if k.iku:
        mask &= isin("kode_iku", [k.iku])
    if k.opd:
        mask &= isin("kode_opd", k.opd)
    if k.predikat:
        mask &= isin("predikat", k.predikat)
    if k.dari or k.sampai:
        col = frame["periode"]
        semua = (
            col.cat.categories.astype(str)
            if isinstance(col.dtype, pd.CategoricalDtype)
            else pd.Index(col.astype(str).unique())
        )
        ok = semua[(semua >= (k.dari or "")) & (semua <= (k.sampai or "9999"))]
        mask &= isin("periode", ok)
    if k.hanya_bermasalah:
        pasangan = pd.MultiIndex.from_arrays(
            [frame["kode_opd"].astype(str), frame["kode_indikator"].astype(str)]
        )
        mask &= pasangan.isin(list(bermasalah or set()))
    return frame[mask]


@dataclass
class DataPenjelajah:
    riwayat: pd.DataFrame
    bermasalah: set[tuple[str, str]] = field(default_factory=set)
    tindak_lanjut: pd.DataFrame | None = None
    realisasi: pd.DataFrame | None = None
    periode: str = ""
    settings: Settings = field(default_factory=Settings)
    daerah: Daerah | None = None  # the coordination lines offered; None: those in the data


def muat_data(root: str | Path, periode: str) -> DataPenjelajah:
    """The period's context under the month's settings (``params/<periode>.yaml``), so the
    explorer shows what the reports show; the store is read through short-lived read-only
    connections."""
    from monev.app.context import open_period

    ctx = open_period(root, periode)
    k = ctx.kualitas
    bermasalah = {
        (o, i)
        for o, i in zip(k["kode_opd"], k["kode_indikator"], strict=True)
        if isinstance(i, str)
    }
    ev = ctx.evaluasi
    return DataPenjelajah(
        ev.riwayat, bermasalah, ev.tindak_lanjut, ctx.realisasi, ctx.periode, ctx.settings,
        ctx.daerah,
    )  # fmt: skip


def tabel(frame: pd.DataFrame, settings: Settings) -> str:
    data = frame.sort_values(
        ["periode", "singkatan", "kode_indikator"], ascending=[False, True, True]
    )
    html = tabel_html(
        data.head(MAKS_BARIS),
        kolom(settings, *KOLOM_TABEL),
        settings=settings,
        kosong="Tidak ada indikator yang cocok.",
    )
    lebih = (
        f"<p>{fmt.angka(len(data), 0)} baris; {MAKS_BARIS} ditampilkan.</p>"
        if len(data) > MAKS_BARIS
        else ""
    )
    return f'<div class="monev-tabel" data-baris="{len(data)}">{html}{lebih}</div>'


def tren(frame: pd.DataFrame, settings: Settings) -> pd.Series:
    """Monthly mean capaian of the selection (what the trend chart draws): the engine's roll-up
    under the settings in force (weights, clipping), months without a computable capaian left out."""
    if frame.empty:
        return pd.Series(dtype=float, name="rata_capaian")
    bulanan = rollup_bulanan(frame, None, settings)
    seri = bulanan.set_index("periode")["rata_capaian"].dropna().sort_index()
    seri.index.name = "periode"
    return seri


def detail(data: DataPenjelajah, kode_indikator: str) -> str:
    """History, notes and follow-ups of one indicator, as escaped HTML."""
    riw = data.riwayat[data.riwayat["kode_indikator"].astype(str) == kode_indikator]
    if riw.empty:
        return "<p>Pilih satu indikator.</p>"
    nama = riw["nama_indikator"].astype(str).iloc[0]
    s = data.settings
    bagian = [
        f"<h3>{teks(kode_indikator)} — {teks(nama)}</h3>",
        tabel_html(
            riw.sort_values("periode"),
            kolom(s, "periode", "target", "realisasi", "capaian", "predikat"),
            settings=s,
        ),
    ]
    if data.realisasi is not None and len(data.realisasi):
        r = data.realisasi
        catatan = r[(r["kode_indikator"] == kode_indikator) & r["kendala"].notna()].sort_values(
            "periode"
        )
        bagian.append(
            tabel_html(
                catatan,
                kolom(s, "periode", "kendala"),
                kosong="Tidak ada catatan kendala.",
            )
        )
    if data.tindak_lanjut is not None and len(data.tindak_lanjut):
        opd = set(riw["kode_opd"].astype(str))
        tl = data.tindak_lanjut[data.tindak_lanjut["kode_opd"].isin(opd)]
        bagian.append(
            tabel_html(
                tl,
                kolom(s, "kode_tl", "masalah", "keadaan"),
                kosong="Tidak ada tindak lanjut OPD ini.",
            )
        )
    return "\n".join(bagian)


def pilihan_opd(riwayat: pd.DataFrame, asisten: str = "") -> list[tuple[str, str]]:
    """(short name, code) of the OPDs in the history, of one Asisten's line when given."""
    data = riwayat
    if asisten:
        data = data[data["asisten"].astype(str) == asisten]
    opd = data[["kode_opd", "singkatan"]].drop_duplicates().astype(str).sort_values("singkatan")
    return list(zip(opd["singkatan"], opd["kode_opd"], strict=True))


def grafik_tren(seri: pd.Series) -> str:
    """The trend chart of a selection's monthly mean capaian, as HTML (an inline PNG) whose
    ``data-titik`` and ``data-sidik`` say what it draws."""
    import hashlib

    from monev.present import charts

    fig, ax = charts.kanvas(tinggi=3.6)
    bulan = [str(p) for p in seri.index]
    if len(seri):
        ax.plot(range(len(seri)), seri.to_numpy(dtype=float), marker="o")
        charts.label_bulan(ax, bulan)
        ax.tick_params(axis="x", rotation=45)
    ax.axhline(100, color="#333", linestyle="--", linewidth=0.8)
    ax.set_ylabel("Rata-rata capaian (%)")
    ax.set_title("Tren capaian indikator terpilih")
    caption = (
        f"Rata-rata capaian {len(seri)} bulan, {fmt.bulan_singkat(bulan[0])} s.d. "
        f"{fmt.bulan_singkat(bulan[-1])}."
        if len(seri)
        else "Tidak ada capaian yang dapat dihitung untuk pilihan ini."
    )
    sidik = hashlib.sha256(seri.round(6).to_json().encode()).hexdigest()[:16]
    return (
        f'<div class="monev-grafik" data-titik="{len(seri)}" data-sidik="{sidik}">'
        f"{charts.gambar_html(fig, caption)}</div>"
    )


def pilihan_asisten(data: DataPenjelajah) -> list[tuple[str, str]]:
    """(label, code) of each coordination line: the regency's (``daerah.yaml``), else the codes
    found in the data."""
    if data.daerah is not None:
        return [(a.label, a.kode) for a in data.daerah.asisten]
    kode = sorted(data.riwayat["asisten"].dropna().astype(str).unique())
    return [(f"Asisten {k}", k) for k in kode]


class Penjelajah:
    """The widget layer. ``jeda`` = debounce delay in seconds (0: update at once, for tests)."""

    def __init__(self, data: DataPenjelajah, *, root: str | Path = ".", jeda: float = 0.2) -> None:
        import ipywidgets as w

        self.data, self.root, self.jeda = data, Path(root), jeda
        self._tertunda = None
        riw = data.riwayat
        periode = sorted(riw["periode"].astype(str).unique())
        iku = sorted(riw["kode_iku"].dropna().astype(str).unique())
        predikat = (
            [str(p) for p in riw["predikat"].cat.categories]
            if hasattr(riw["predikat"], "cat")
            else []
        )
        self.w_asisten = w.Dropdown(
            options=[("Semua", ""), *pilihan_asisten(data)], description="Asisten"
        )
        self.w_opd = w.SelectMultiple(options=pilihan_opd(riw, ""), description="OPD", rows=6)
        self.w_iku = w.Dropdown(options=[("Semua", ""), *[(k, k) for k in iku]], description="IKU")
        level = sorted(riw["level"].dropna().astype(str).unique())
        self.w_level = w.Dropdown(
            options=[("Semua", ""), *[(v, v) for v in level]], description="Level"
        )
        self.w_predikat = w.SelectMultiple(options=predikat, description="Predikat", rows=5)
        self.w_tren = w.Dropdown(
            options=[("Semua", ""), *[(a, a) for a in (NAIK, TURUN, STABIL)]], description="Tren"
        )
        # indent=False and an automatic width: the whole label shows, never cut off
        self.w_kualitas = w.Checkbox(
            description="Hanya yang bermasalah datanya",
            value=False,
            indent=False,
            layout=w.Layout(width="auto"),
        )
        self.w_periode = w.SelectionRangeSlider(
            options=periode,
            index=(max(0, len(periode) - data.settings.trend_window), len(periode) - 1),
            description="Periode",
            layout=w.Layout(width="60%"),
        )
        self.w_indikator = w.Dropdown(options=[], description="Rinci")
        self.w_ekspor = w.Button(description="Ekspor ke Excel", icon="download")
        self.w_pesan = w.HTML()
        self.w_tabel = w.HTML()
        self.w_grafik = w.HTML()
        self.w_detail = w.HTML()
        self.filter_widgets = [
            self.w_asisten,
            self.w_opd,
            self.w_iku,
            self.w_level,
            self.w_predikat,
            self.w_tren,
            self.w_kualitas,
            self.w_periode,
        ]
        for widget in self.filter_widgets:
            widget.observe(self._berubah, names="value")
        # the OPD list follows the Asisten chosen (at once: it is a list, not a recomputation)
        self.w_asisten.observe(lambda _: self._perbarui_opd(), names="value")
        self.w_indikator.observe(lambda _: self._perbarui_detail(), names="value")
        self.w_ekspor.on_click(lambda _: self.ekspor())
        self.terpilih = riw.iloc[0:0]
        self.perbarui()

    # state ------------------------------------------------------------------
    @property
    def kriteria(self) -> Kriteria:
        dari, sampai = self.w_periode.value if self.w_periode.options else ("", "")
        return Kriteria(
            self.w_asisten.value,
            tuple(self.w_opd.value),
            self.w_iku.value,
            self.w_level.value,
            tuple(self.w_predikat.value),
            self.w_tren.value,
            self.w_kualitas.value,
            dari,
            sampai,
        )

    def _berubah(self, _change=None) -> None:
        if self.jeda <= 0:
            self.perbarui()
            return
        loop = asyncio.get_event_loop()
        if self._tertunda is not None:
            self._tertunda.cancel()
        self._tertunda = loop.call_later(self.jeda, self.perbarui)

    def perbarui(self) -> None:
        """Recompute the selection and refresh the linked views."""
        self._tertunda = None
        self.terpilih = saring(self.data.riwayat, self.kriteria, self.data.bermasalah)
        self.w_tabel.value = tabel(self.terpilih, self.data.settings)
        pilihan = self.terpilih[["kode_indikator", "nama_indikator"]].drop_duplicates().astype(str)
        opsi = [
            (f"{k} — {n[:60]}", k)
            for k, n in zip(pilihan["kode_indikator"], pilihan["nama_indikator"], strict=True)
        ]
        lama = self.w_indikator.value
        self.w_indikator.options = opsi
        if opsi:
            self.w_indikator.value = lama if lama in dict((v, k) for k, v in opsi) else opsi[0][1]
        self._perbarui_grafik()
        self._perbarui_detail()

    def _perbarui_opd(self) -> None:
        """Offer the OPDs of the chosen Asisten; keep those still chosen that remain."""
        opsi = pilihan_opd(self.data.riwayat, self.w_asisten.value)
        tetap = tuple(v for v in self.w_opd.value if v in {k for _, k in opsi})
        with self.w_opd.hold_trait_notifications():
            self.w_opd.value = tetap
            self.w_opd.options = opsi

    def _perbarui_grafik(self) -> None:
        """Redraw the trend of the selection: an inline image (a page of HTML, not pyplot's
        display, which the reports' headless backend never shows), tagged with what it draws
        so a change is visible to a test too."""
        seri = tren(self.terpilih, self.data.settings)
        self.garis_tren = seri
        self.w_grafik.value = grafik_tren(seri)

    def _perbarui_detail(self) -> None:
        self.w_detail.value = (
            detail(self.data, self.w_indikator.value) if self.w_indikator.value else ""
        )

    def ekspor(self) -> Path:
        from monev.data.export import export_table

        path = self.root / "outputs" / "eksplorasi" / f"eksplorasi_{self.data.periode}.xlsx"
        label = kolom(self.data.settings, *KOLOM_TABEL)
        export_table(self.terpilih[list(label)].rename(columns=label), path)
        self.w_pesan.value = (
            f"<p>Diekspor: {teks(path)} ({fmt.angka(len(self.terpilih), 0)} baris).</p>"
        )
        return path

    def tampilan(self):
        import ipywidgets as w

        filter_box = w.VBox(
            [
                w.HBox([self.w_asisten, self.w_iku, self.w_level, self.w_tren]),
                w.HBox([self.w_opd, self.w_predikat, w.VBox([self.w_kualitas, self.w_ekspor])]),
                self.w_periode,
                self.w_pesan,
            ]
        )
        return w.VBox([filter_box, self.w_tabel, self.w_grafik, self.w_indikator, self.w_detail])


def buka(root: str | Path = ".", periode: str = ""):
    """What the notebook calls: load the latest period (or ``periode``) and return the widget."""
    import ipywidgets as w

    from monev.data.store import StoreBusyError, read_table
    from monev.model.workbook import Workbook

    try:
        if not periode:
            r = read_table(Workbook.at(root).store, "realisasi")
            periode = str(r["periode"].max()) if len(r) else ""
        if not periode:
            return w.HTML(
                "<p>Belum ada data di basis data. Jalankan <code>monev ingest</code> dulu.</p>"
            )
        return Penjelajah(muat_data(root, periode), root=root).tampilan()
    except StoreBusyError as exc:
        tombol = w.Button(description="Muat ulang")
        kotak = w.VBox([w.HTML(f"<p><b>Basis data sedang dipakai.</b> {teks(exc)}</p>"), tombol])
        tombol.on_click(lambda _: setattr(kotak, "children", (buka(root, periode),)))
        return kotak


__all__ = ["Kriteria", "Penjelajah", "buka", "saring"]
