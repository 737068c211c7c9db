"""The official evaluation tables (Permendagri 86/2017) as report pages: *Evaluasi terhadap hasil
RKPD* for the run's scope (``notebooks/resmi_rkpd.ipynb``) and *Evaluasi terhadap hasil Renja
Perangkat Daerah* per OPD (``notebooks/resmi_renja.ipynb``); made with ``monev report --resmi``.

The figures are ``engine.official``'s, the same the Excel export writes (``monev export``); this
module only lays them out as HTML: three header rows and the numbering row in ``<thead>`` (so
a printed page repeats them), K and Rp pairs, the hierarchy rows, averages and predikat, the four
footer rows and the notes. Landscape on print.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.engine.nomenklatur import periksa_keterkaitan, uraian_keterkaitan
from monev.engine.official import (
    TabelResmi,
    judul_kolom,
    kolom_nilai,
    nomor_bawah,
    tabel_renja,
    tabel_rkpd,
)
from monev.model.periode import Periode
from monev.present import format as fmt
from monev.present import sections
from monev.present.escape import paragraf, teks
from monev.present.sections import html

# columns 9–12 (Renja 8–11) sit under one heading: the quarters of the year evaluated
_TRIWULAN_RKPD = (9, 10, 11, 12)
_TEBAL = {"urusan", "bidang_urusan", "program", "seksi"}
_INDEN = {"urusan": 0, "bidang_urusan": 1, "program": 2, "kegiatan": 3, "sub_kegiatan": 4}
# landscape pages for these tables only; a long table breaks across pages, its head repeats
CSS = """<style>
@page resmi { size: A4 landscape; margin: 10mm 8mm; }
.resmi { page: resmi; }
.resmi table { font-size: .72em; break-inside: auto; page-break-inside: auto; }
.resmi thead { display: table-header-group; }
.resmi th { text-align: center; vertical-align: middle; }
.resmi tr.nomor th { font-weight: 400; background: #ededed; }
.resmi tr.tebal td { font-weight: 600; }
.resmi tr.seksi td { font-weight: 600; background: #f4f6f8; }
.resmi td.angka { white-space: nowrap; }
.resmi tbody.kaki td { font-weight: 600; }
@media print {
  .resmi table { font-size: 5.2pt; width: 100%; }
  .resmi th, .resmi td { padding: 1px 2px; }
  .resmi th { font-size: .92em; }
  .resmi td.rp { white-space: normal; min-width: 6.6em; }
}
</style>"""


def rkpd(ctx, asisten: str = "") -> TabelResmi:
    """The RKPD table of the scope: one Asisten's OPDs, else the whole regency."""
    opd = sections.opd_dalam_cakupan(ctx, asisten)["kode_opd"].astype(str).tolist()
    ev = ctx.evaluasi
    return tabel_rkpd(
        ctx.ref, ev.riwayat, ctx.keuangan, ctx.periode, ctx.settings,
        tindak_lanjut=ev.tindak_lanjut, realisasi=ctx.realisasi, opd=opd,
    )  # fmt: skip


def renja(ctx, kode_opd: str) -> TabelResmi:
    if kode_opd not in set(ctx.ref.opd["kode_opd"].astype(str)):
        raise ValueError(f"OPD {kode_opd!r} tidak ada di data referensi opd.csv.")
    ev = ctx.evaluasi
    return tabel_renja(
        ctx.ref, ev.riwayat, ctx.keuangan, ctx.periode, kode_opd, ctx.settings,
        tindak_lanjut=ev.tindak_lanjut, realisasi=ctx.realisasi,
    )  # fmt: skip


def kepala(ctx, t: TabelResmi, tanggal_rapat: str = "", asisten: str = "") -> HTML:
    """Title block: the table's own title lines (regency, year, sasaran), and for the RKPD of
    one Asisten's line the scope, since its rows are that line's OPDs only."""
    judul, *sub = t.judul
    if asisten:
        n = len(sections.opd_dalam_cakupan(ctx, asisten))
        sub.append(f"Lingkup: OPD di bawah {sections.nama_cakupan(ctx, asisten)} ({n} OPD).")
    return sections.kepala(ctx, judul, " ".join(sub), tanggal_rapat)


def keterkaitan(ctx, t: TabelResmi) -> HTML:
    """What does not attach to the nomenclature (its Rp stays empty), before the table."""
    if ctx.ref.nomenklatur.empty:
        return html(
            paragraf(
                "data/reference/nomenklatur.csv tidak ada atau kosong: baris tidak dapat "
                "dikelompokkan menurut urusan, bidang urusan, program, kegiatan dan sub kegiatan.",
                "kosong",
            )
        )
    temuan = periksa_keterkaitan(ctx.ref, t.tahun)
    if len(temuan):  # only the table's OPDs
        temuan = temuan[temuan["kode_opd"].astype(str).isin(set(t.baris["kode_opd"].dropna()))]
    if not len(temuan):
        return html(paragraf("Semua indikator dan baris anggaran terpetakan ke nomenklatur."))
    uraian = uraian_keterkaitan(temuan)
    return html(
        paragraf(
            f"{len(temuan)} indikator/baris anggaran tidak terpetakan ke nomenklatur; "
            "mereka ada di bagian 'belum terpetakan' di akhir tabel:"
        ),
        '<ul class="daftar">',
        *(f"<li>{teks(u.removeprefix('- '))}</li>" for u in uraian),
        "</ul>",
    )


# ---------------------------------------------------------------------------------- the table


def _kepala_tabel(t: TabelResmi) -> str:
    """Three header rows (titles; quarters; K/Rp) and the numbering row."""
    geser = 0 if t.jenis == "RKPD" else 1
    tw = {n - geser for n in _TRIWULAN_RKPD}
    dok = "RKPD" if t.jenis == "RKPD" else "Renja Perangkat Daerah"
    r1, r2, r3 = [], [], []
    for n, judul, pair in judul_kolom(t.jenis, t.tahun, t.triwulan):
        if n in tw:
            if n == min(tw):
                r1.append(
                    f'<th colspan="8">Realisasi Kinerja dan Anggaran {dok} yang Dievaluasi '
                    f"({t.tahun})</th>"
                )
            r2.append(f'<th colspan="2">{teks(judul.removeprefix("Realisasi Kinerja dan Anggaran "))}</th>')  # fmt: skip
            r3.append("<th>K</th><th>Rp</th>")
        elif pair:
            r1.append(f'<th colspan="2" rowspan="2">{teks(judul)}</th>')
            r3.append("<th>K</th><th>Rp</th>")
        else:
            r1.append(f'<th rowspan="3">{teks(judul)}</th>')
    pasangan = {n for n, _, pair in judul_kolom(t.jenis, t.tahun, t.triwulan) if pair}
    nomor = [
        f'<th colspan="2">{teks(s)}</th>' if i in pasangan else f"<th>{teks(s)}</th>"
        for i, s in enumerate(nomor_bawah(t.jenis), 1)
    ]
    baris = [r1, r2, r3]
    rows = "".join(f"<tr>{''.join(r)}</tr>" for r in baris)
    return f'<thead>{rows}<tr class="nomor">{"".join(nomor)}</tr></thead>'


def _kosong(v: object) -> bool:
    return v is None or (pd.api.types.is_scalar(v) and bool(pd.isna(v)))


def _sel(rec: dict, kr: str | None, f: str) -> str:
    v = rec[f]
    if kr is None:
        if f == "no":
            return f"<td>{'' if _kosong(v) else int(v)}</td>"
        if f == "uraian" and rec["tingkat"] in _INDEN:
            em = _INDEN[rec["tingkat"]] * 0.6
            return f'<td style="padding-left:{em + 0.3:.1f}em">{teks(v)}</td>'
        return f"<td>{teks(v)}</td>"
    if isinstance(v, str):  # a range target "a–b", already formatted
        return f'<td class="angka">{teks(v)}</td>'
    if _kosong(v):
        return '<td class="angka"></td>'  # empty: not reported yet (never 0)
    if f in ("k15", "rp15"):
        return f'<td class="angka">{fmt.angka(v, 2)}</td>'
    if kr == "Rp":  # on paper a long sum may wrap, at its thousands points only
        return f'<td class="angka rp">{fmt.angka(v, 0).replace(".", ".<wbr>")}</td>'
    d = 0 if _kosong(rec["desimal"]) else int(rec["desimal"])
    tanda = "*" if f == "k13" and bool(rec["perlu_verifikasi"]) else ""
    return f'<td class="angka">{fmt.angka(v, d)}{tanda}</td>'


def _isi(t: TabelResmi) -> str:
    cells = kolom_nilai(t.jenis)
    ncol = len(cells)
    out = []
    for rec in t.baris.to_dict("records"):
        tingkat = rec["tingkat"]
        if tingkat == "seksi":
            out.append(f'<tr class="seksi"><td colspan="{ncol}">{teks(rec["uraian"])}</td></tr>')
            continue
        kelas = ' class="tebal"' if tingkat in _TEBAL else ""
        out.append(f"<tr{kelas}>{''.join(_sel(rec, kr, f) for _, kr, f in cells)}</tr>")
    return f"<tbody>{''.join(out)}</tbody>"


def _kaki(t: TabelResmi) -> str:
    """Averages and predikat under column 15 (Renja 14), then the four text rows."""
    cells = kolom_nilai(t.jenis)
    ncol = len(cells)
    i15 = next(i for i, (_, _, f) in enumerate(cells) if f == "k15")
    ekor = ncol - i15 - 2
    rows = []
    for label, vk, vr in (
        ("Rata-rata capaian kinerja (%)", fmt.angka(t.rata_k, 2), fmt.angka(t.rata_rp, 2)),
        ("Predikat kinerja", t.predikat_k or fmt.KOSONG, t.predikat_rp or fmt.KOSONG),
    ):
        rows.append(
            f'<tr><td colspan="{i15}">{teks(label)}</td><td class="angka">{teks(vk)}</td>'
            f'<td class="angka">{teks(vr)}</td>'
            + (f'<td colspan="{ekor}"></td>' if ekor else "")
            + "</tr>"
        )
    for label, isi in t.faktor:
        rows.append(
            f'<tr><td colspan="{min(5, ncol)}">{teks(label)}</td>'
            f'<td colspan="{ncol - min(5, ncol)}" style="font-weight:400">{teks(isi)}</td></tr>'
        )
    # a tbody, not a tfoot: print would repeat a tfoot at the foot of every page
    return f'<tbody class="kaki">{"".join(rows)}</tbody>'


def tabel(t: TabelResmi) -> HTML:
    """The table in the regulation's layout, with its head repeated on every printed page."""
    judul = f"Tabel evaluasi {t.jenis}" + (f" {t.nama_opd}" if t.nama_opd else "")
    return html(
        CSS,
        f'<section class="resmi"><div class="tabel" tabindex="0"><table>'
        f"<caption>{teks(judul)} — keadaan s.d. {teks(Periode.parse(t.periode).label)}</caption>",
        _kepala_tabel(t),
        _isi(t),
        _kaki(t),
        "</table></div></section>",
    )


def catatan(t: TabelResmi) -> HTML:
    """The table's notes (quarter basis, column 14, flagged values) and where the Excel is."""
    return html(
        '<section class="resmi">',
        *(paragraf(c) for c in t.catatan),
        paragraf(
            "Berkas Excel untuk diserahkan (tata letak, tanda tangan): monev export --periode "
            f"{t.periode}. Teks faktor pendorong, penghambat dan tindak lanjut adalah draf dari "
            "data kiriman; sunting sebelum diserahkan."
        ),
        "</section>",
    )
