"""OPD templates (.xlsx): pre-filled from the reference data, the OPD fills only unlocked cells.

``write_template`` writes an empty one for the month; ``write_submission`` the same template
filled in (the sample generator and tests use it); ``write_submission_csv`` the CSV variant that
OPDs exporting from other systems send. The layout is ``monev.model.layout``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.worksheet.datavalidation import DataValidation

from monev.data.reference import Referensi
from monev.data.xlsx import simpan_tetap
from monev.model import layout
from monev.model.angka import format_angka_id
from monev.model.kode import KAS_COLUMNS, STATUS_TL
from monev.model.periode import Periode

ABU = PatternFill("solid", fgColor="DDDDDD")  # locked, pre-filled
KUNING = PatternFill("solid", fgColor="FFF2CC")  # to be filled by the OPD
TEBAL = Font(bold=True)
SANDI_LEMBAR = "monev"  # sheet protection against accidental edits, not a secret

PETUNJUK = (
    "Petunjuk pengisian laporan bulanan monev",
    "",
    "1. Isi hanya sel berwarna kuning. Sel abu-abu (kode, nama, target, pagu) berasal dari data "
    "rujukan Bagian Perekonomian dan Pembangunan dan dikunci.",
    "2. Tulis angka dengan koma untuk desimal, contoh 85,5 (bukan 85.5). Titik hanya untuk ribuan, "
    "contoh 1.250.000.",
    "3. Jika data belum ada, kosongkan sel Realisasi dan tulis alasannya di kolom Kendala / Catatan.",
    "4. Realisasi keuangan dan fisik ditulis kumulatif dari Januari sampai akhir bulan laporan.",
    "5. Jangan mengganti nama lembar, menyisipkan kolom, atau mengubah baris judul.",
    "6. Status tindak lanjut: belum, proses, atau selesai. Tindak lanjut baru boleh ditambahkan di "
    "baris kosong di bawahnya.",
    "7. Kirim berkas ini paling lambat tanggal 10 bulan berikutnya, dalam format .xlsx.",
)


def target_bulan(ref: Referensi, kode_indikator: str, sifat: str, periode: Periode) -> str:
    """Target shown to the OPD for the month: explicit monthly/quarterly target, else the annual
    one (pro-rated linearly for kumulatif); a range target as ``80–90``."""
    t = ref.target[
        (ref.target["kode_indikator"] == kode_indikator) & (ref.target["tahun"] == periode.tahun)
    ]
    for jenis, ke in (("bulanan", periode.bulan), ("triwulan", periode.triwulan), ("tahunan", 0)):
        row = t[(t["jenis"] == jenis) & (t["ke"] == ke)]
        if row.empty:
            continue
        r = row.iloc[0]
        faktor = periode.bulan / 12 if (jenis == "tahunan" and sifat == "kumulatif") else 1.0
        if pd.notna(r["target"]):
            return format_angka_id(float(r["target"]) * faktor)
        return f"{format_angka_id(r['target_bawah'] * faktor)}–{format_angka_id(r['target_atas'] * faktor)}"
    return ""


def _lembar(book: Workbook, bagian: layout.Bagian, judul: str, opd_nama: str, periode: Periode):
    ws = book.create_sheet(bagian.lembar)
    ws["A1"], ws["A2"], ws["A3"] = judul, opd_nama, f"Periode: {periode.label}"
    ws["A1"].font = Font(bold=True, size=13)
    for col, (header, _) in enumerate(bagian.kolom, 1):
        cell = ws.cell(row=layout.HEADER_ROW, column=col, value=header)
        cell.font, cell.fill = TEBAL, ABU
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[cell.column_letter].width = 14 if col != 2 else 48
    ws.freeze_panes = ws.cell(row=layout.HEADER_ROW + 1, column=1)
    ws.protection.sheet = True
    ws.protection.password = SANDI_LEMBAR
    return ws


def _isi_baris(ws, row: int, values: list, diisi: set[int]) -> None:
    for col, value in enumerate(values, 1):
        cell = ws.cell(row=row, column=col, value=value)
        if col in diisi:
            cell.protection = Protection(locked=False)
            cell.fill = KUNING
        else:
            cell.fill = ABU


def _kolom(bagian: layout.Bagian, name: str) -> int:
    return [c for _, c in bagian.kolom].index(name) + 1


def buat_buku(
    ref: Referensi,
    kode_opd: str,
    periode: str | Periode,
    kinerja: pd.DataFrame | None = None,
    anggaran: pd.DataFrame | None = None,
    tindak_lanjut: pd.DataFrame | None = None,
    baris_tl_kosong: int = 5,
) -> Workbook:
    p = Periode.parse(periode)
    opd = ref.opd.set_index("kode_opd").loc[kode_opd]
    book = Workbook()
    pet = book.active
    pet.title = layout.PETUNJUK_SHEET
    for i, line in enumerate(PETUNJUK, 1):
        pet.cell(row=i, column=1, value=line)
    pet.column_dimensions["A"].width = 120
    pet["A1"].font = Font(bold=True, size=13)

    # --- Kinerja
    b = layout.KINERJA
    ws = _lembar(book, b, "Laporan Realisasi Kinerja", opd["nama_opd"], p)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode_opd].sort_values("kode_indikator")
    isi = (
        {} if kinerja is None else {k: g for k, g in kinerja.groupby("kode_indikator", sort=False)}
    )
    diisi = {_kolom(b, c) for c in layout.DIISI_OPD["kinerja"]}
    row = layout.HEADER_ROW + 1
    baris_persen = []
    for r in ind.itertuples():
        target = target_bulan(ref, r.kode_indikator, r.sifat, p)
        rows = isi.get(r.kode_indikator)
        entries = [None] if rows is None else list(rows.itertuples())
        for e in entries:
            _isi_baris(
                ws,
                row,
                [
                    r.kode_indikator,
                    r.nama_indikator,
                    r.satuan,
                    target,
                    None if e is None else _nilai(e.realisasi),
                    None if e is None else _nilai(getattr(e, "kendala", None)),
                    None if e is None else _nilai(getattr(e, "sumber_data", None)),
                ],
                diisi,
            )
            if r.satuan == "%":
                baris_persen.append(row)
            row += 1
    kol_real = ws.cell(row=1, column=_kolom(b, "realisasi")).column_letter
    dv = DataValidation(
        type="decimal",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Tulis angka, contoh 85,5. Kosongkan jika belum ada data.",
    )
    dv_persen = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Persentase harus 0 sampai 100, contoh 85,5.",
    )
    ws.add_data_validation(dv)
    ws.add_data_validation(dv_persen)
    for rr in range(layout.HEADER_ROW + 1, row):
        (dv_persen if rr in baris_persen else dv).add(f"{kol_real}{rr}")

    # --- Anggaran
    b = layout.ANGGARAN
    ws = _lembar(book, b, "Laporan Realisasi Anggaran dan Fisik", opd["nama_opd"], p)
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode_opd) & (ref.anggaran["tahun"] == p.tahun)]
    isi_ang = {} if anggaran is None else anggaran.set_index("kode_kegiatan").to_dict("index")
    diisi = {_kolom(b, c) for c in layout.DIISI_OPD["anggaran"]}
    row = layout.HEADER_ROW + 1
    for r in ang.sort_values("kode_kegiatan").itertuples():
        rencana = float(sum(getattr(r, k) for k in KAS_COLUMNS[: p.bulan]))
        e = isi_ang.get(r.kode_kegiatan, {})
        _isi_baris(
            ws,
            row,
            [
                r.kode_kegiatan,
                r.nama_kegiatan,
                float(r.pagu),
                rencana,
                _nilai(e.get("realisasi_keuangan")),
                _nilai(e.get("realisasi_fisik")),
                _nilai(e.get("kendala")),
            ],
            diisi,
        )
        for c in (3, 4, 5):
            ws.cell(row=row, column=c).number_format = "#,##0"
        row += 1
    dv_rp = DataValidation(
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Tulis rupiah tanpa 'Rp', contoh 1.250.000.",
    )
    dv_fis = DataValidation(
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Fisik dalam persen 0 sampai 100, contoh 45,5.",
    )
    ws.add_data_validation(dv_rp)
    ws.add_data_validation(dv_fis)
    if row > layout.HEADER_ROW + 1:
        dv_rp.add(f"E{layout.HEADER_ROW + 1}:E{row - 1}")
        dv_fis.add(f"F{layout.HEADER_ROW + 1}:F{row - 1}")

    # --- Tindak lanjut
    b = layout.TINDAK_LANJUT
    ws = _lembar(book, b, "Tindak Lanjut Hasil Rakor", opd["nama_opd"], p)
    semua = set(range(1, len(b.kolom) + 1))
    diisi_lama = {_kolom(b, "status"), _kolom(b, "keterangan")}
    row = layout.HEADER_ROW + 1
    tl = (
        tindak_lanjut
        if tindak_lanjut is not None
        else pd.DataFrame(columns=[c for _, c in b.kolom])
    )
    for r in tl.itertuples():
        batas = r.batas_waktu
        if isinstance(batas, pd.Timestamp):
            batas = batas.date()
        _isi_baris(
            ws,
            row,
            [
                r.kode_tl,
                r.masalah,
                r.tindak_lanjut,
                r.penanggung_jawab,
                batas,
                r.status,
                _nilai(r.keterangan),
            ],
            diisi_lama,
        )
        ws.cell(row=row, column=5).number_format = "DD/MM/YYYY"
        row += 1
    for _ in range(baris_tl_kosong):
        _isi_baris(ws, row, [None] * len(b.kolom), semua)
        row += 1
    dv_status = DataValidation(
        type="list", formula1='"' + ",".join(STATUS_TL) + '"', allow_blank=True
    )
    dv_tgl = DataValidation(
        type="date", allow_blank=True, error="Tulis tanggal, contoh 31/12/2026."
    )
    ws.add_data_validation(dv_status)
    ws.add_data_validation(dv_tgl)
    if row > layout.HEADER_ROW + 1:
        dv_status.add(f"F{layout.HEADER_ROW + 1}:F{row - 1}")
        dv_tgl.add(f"E{layout.HEADER_ROW + 1}:E{row - 1}")

    meta = book.create_sheet(layout.META_SHEET)
    for i, (k, v) in enumerate(
        (("kode_opd", kode_opd), ("periode", str(p)), ("versi_template", layout.TEMPLATE_VERSION)),
        1,
    ):
        meta.cell(row=i, column=1, value=k)
        meta.cell(row=i, column=2, value=v)
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    return book


def _nilai(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    if isinstance(value, dt.datetime | pd.Timestamp):
        return value.date()
    return value


def write_template(
    ref: Referensi,
    kode_opd: str,
    periode,
    out_dir: Path,
    tindak_lanjut_terbuka: pd.DataFrame | None = None,
) -> Path:
    """An empty template for the month (follow-ups carried from earlier rakor pre-filled)."""
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    path = Path(out_dir) / layout.nama_berkas(singkatan, str(Periode.parse(periode)))
    path.parent.mkdir(parents=True, exist_ok=True)
    simpan_tetap(buat_buku(ref, kode_opd, periode, tindak_lanjut=tindak_lanjut_terbuka), path)
    return path


def write_submission(
    path: Path,
    ref: Referensi,
    kode_opd: str,
    periode,
    kinerja: pd.DataFrame,
    anggaran: pd.DataFrame,
    tindak_lanjut: pd.DataFrame,
) -> Path:
    """A filled template, as an OPD sends it back."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = buat_buku(ref, kode_opd, periode, kinerja, anggaran, tindak_lanjut, baris_tl_kosong=0)
    simpan_tetap(book, path)
    return path


def _teks_csv(value) -> str:
    value = _nilai(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        return format_angka_id(float(value), 2).removesuffix(",00")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def write_submission_csv(
    folder: Path,
    ref: Referensi,
    kode_opd: str,
    periode,
    kinerja: pd.DataFrame,
    anggaran: pd.DataFrame,
    tindak_lanjut: pd.DataFrame,
    sep: str = ";",
    encoding: str = "utf-8-sig",
) -> list[Path]:
    """The three CSV parts, Indonesian number format, as exported by an OPD's own system."""
    p = Periode.parse(periode)
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    ind = ref.indikator.set_index("kode_indikator")
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    kin = kinerja.assign(
        nama_indikator=kinerja["kode_indikator"].map(ind["nama_indikator"]),
        satuan=kinerja["kode_indikator"].map(ind["satuan"]),
        target=[target_bulan(ref, k, ind.loc[k, "sifat"], p) for k in kinerja["kode_indikator"]],
    )
    ang_ref = ref.anggaran[
        (ref.anggaran["kode_opd"] == kode_opd) & (ref.anggaran["tahun"] == p.tahun)
    ]
    ang = anggaran.merge(
        ang_ref[["kode_kegiatan", "nama_kegiatan", "pagu"]], on="kode_kegiatan", how="left"
    )
    ang["rencana_kumulatif"] = ang["kode_kegiatan"].map(
        ang_ref.set_index("kode_kegiatan")[list(KAS_COLUMNS[: p.bulan])].sum(axis=1)
    )
    paths = []
    for bagian, frame in (
        (layout.KINERJA, kin),
        (layout.ANGGARAN, ang),
        (layout.TINDAK_LANJUT, tindak_lanjut),
    ):
        lines = [sep.join(h for h, _ in bagian.kolom)]
        for rec in frame.to_dict("records"):
            lines.append(sep.join(_teks_csv(rec.get(c)) for _, c in bagian.kolom))
        path = folder / layout.nama_berkas(singkatan, str(p), bagian.nama)
        path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
        paths.append(path)
    return paths
