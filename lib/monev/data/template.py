"""OPD templates (.xlsx): pre-filled from the reference data, the OPD fills only unlocked cells.

Every sheet, column, header, width, number format, validation and lock comes from
``monev.model.layout``; nothing here counts columns or names a column letter.

``write_template`` writes an empty one for the month; ``write_submission`` the same template
filled in (the sample generator and tests use it); ``write_submission_csv`` the CSV variant that
OPDs exporting from other systems send.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from monev.data.files import atomic_write_bytes
from monev.data.reference import Referensi
from monev.data.xlsx import save_deterministic
from monev.engine.capaian import bulatkan_target, satuan_cacah
from monev.engine.periode_target import target_periode
from monev.model import layout
from monev.model.angka import batas_indikator, format_angka_id, format_rentang
from monev.model.kode import KAS_COLUMNS, STATUS_TL
from monev.model.periode import Periode
from monev.model.settings import Settings

GREY = PatternFill("solid", fgColor="DDDDDD")  # locked, pre-filled
YELLOW = PatternFill("solid", fgColor="FFF2CC")  # to be filled by the OPD
BOLD = Font(bold=True)
SHEET_PASSWORD = "monev"  # sheet protection against accidental edits, not a secret

INSTRUCTIONS = (
    "Petunjuk pengisian laporan bulanan monev",
    "",
    "1. Isi hanya sel berwarna kuning. Sel abu-abu (kode, nama, target, pagu) berasal dari data "
    "rujukan Bagian Perekonomian dan Pembangunan dan dikunci.",
    "2. Tulis angka dengan koma untuk desimal, contoh 85,5 (bukan 85.5). Titik hanya untuk ribuan, "
    "contoh 1.250.000.",
    "3. Jika data belum ada, kosongkan sel Realisasi dan tulis alasannya di kolom Kendala / Catatan.",
    "4. Realisasi keuangan dan fisik, dan realisasi indikator yang namanya bertanda "
    '"kumulatif", ditulis kumulatif: total dari Januari sampai akhir bulan laporan, bukan '
    "angka bulan itu saja. Target indikator kumulatif juga total dari Januari; target lain "
    "berlaku untuk bulan itu. Target yang tertulis adalah target yang dipakai dalam evaluasi.",
    "5. Jangan mengganti nama lembar, menyisipkan kolom, atau mengubah baris judul.",
    "6. Status tindak lanjut: belum, proses, atau selesai. Tindak lanjut baru boleh ditambahkan di "
    "baris kosong di bawahnya.",
    "7. Kirim berkas ini paling lambat tanggal 10 bulan berikutnya, dalam format .xlsx.",
    "8. Satu kiriman per OPD per bulan. Jangan mengubah nama OPD atau bulan di nama berkas, dan "
    "jangan memakai ulang berkas bulan lalu: berkas yang OPD, bulan, nama, dan foldernya tidak "
    "cocok ditolak.",
    "9. Perbaikan setelah berkas dikirim adalah revisi: simpan dengan nama berakhiran _rev1 "
    "(lalu _rev2, dan seterusnya), contoh {contoh}; untuk CSV, contoh {contoh_csv}. Revisi "
    "tertinggi yang berlaku; revisi yang lebih rendah tetap dicatat di riwayat. Dua berkas "
    "dengan revisi sama untuk OPD dan bulan yang sama ditolak keduanya.",
)


def _validation(error: str, **kw) -> DataValidation:
    return DataValidation(
        allow_blank=True, showErrorMessage=True, errorStyle="warning", error=error, **kw
    )


# Kolom.validation → the Excel data validation its cells get
VALIDATIONS = {
    "number": lambda: _validation(
        "Tulis angka, contoh 85,5. Kosongkan jika belum ada data.", type="decimal"
    ),
    "percent": lambda: _validation(
        "Persentase harus 0 sampai 100, contoh 85,5.",
        type="decimal",
        operator="between",
        formula1="0",
        formula2="100",
    ),
    "rupiah": lambda: _validation(
        "Tulis rupiah tanpa 'Rp', contoh 1.250.000.",
        type="decimal",
        operator="greaterThanOrEqual",
        formula1="0",
    ),
    "status": lambda: DataValidation(
        type="list", formula1='"' + ",".join(STATUS_TL) + '"', allow_blank=True
    ),
    "date": lambda: DataValidation(
        type="date", allow_blank=True, error="Tulis tanggal, contoh 31/12/2026."
    ),
}


def target_bulan(
    ref: Referensi,
    kode_indikator: str,
    sifat: str,
    periode: Periode,
    settings: Settings | None = None,
    kode_opd: str | None = None,
) -> str:
    """The target printed for one indicator (``target_bulan_semua``)."""
    return target_bulan_semua(ref, [kode_indikator], [sifat], periode, settings, kode_opd)[0]


def target_bulan_semua(
    ref: Referensi,
    kode_indikator,
    sifat,
    periode: Periode,
    settings: Settings | None = None,
    kode_opd: str | None = None,
) -> list[str]:
    """Targets shown to the OPD for the month: exactly the period targets the engine evaluates
    (``engine.periode_target.target_periode`` then ``engine.capaian.bulatkan_target``) — an
    explicit monthly target, else the quarter's (cumulative, linear between quarter ends for a
    kumulatif indicator), else the annual one pro-rated by ``settings.prorate`` for kumulatif;
    a count (laporan, orang, unit …) whole; a range as ``80–90``; empty without a target.
    ``kode_opd``: the reporting OPD (else each indicator's responsible OPD)."""
    settings = settings or Settings()
    kode = [str(k) for k in kode_indikator]
    if not kode:
        return []
    ind = ref.indikator.drop_duplicates("kode_indikator").set_index("kode_indikator")
    opd = [kode_opd] * len(kode) if kode_opd is not None else list(ind["kode_opd"].reindex(kode))
    satuan = ind["satuan"].reindex(kode).fillna("").to_numpy()
    sifat = np.asarray(list(sifat), dtype=object)
    tgt = target_periode(
        pd.Series(kode, dtype=object),
        pd.Series(opd, dtype=object),
        np.full(len(kode), periode.tahun * 12 + periode.bulan - 1, dtype=np.int64),
        sifat == "kumulatif",
        ref.target,
        ref.anggaran,
        settings,
    )
    cacah = satuan_cacah(satuan, sifat)
    t, lo, hi = (
        bulatkan_target(tgt[c].to_numpy(), cacah, settings)
        for c in ("target", "target_bawah", "target_atas")
    )
    out = []
    for i in range(len(kode)):
        desimal = 0 if cacah[i] and settings.target_cacah != "pecahan" else 2
        if not np.isnan(t[i]):
            out.append(format_angka_id(t[i], desimal))
        elif not (np.isnan(lo[i]) and np.isnan(hi[i])):
            out.append(format_rentang(lo[i], hi[i], desimal))
        else:
            out.append("")
    return out


def _sheet(book: Workbook, bagian: layout.Bagian, opd_nama: str, periode: Periode):
    """A part's sheet: title rows, the header row from the layout, widths, frozen, protected."""
    ws = book.create_sheet(bagian.sheet)
    for row, text in enumerate((bagian.title, opd_nama, f"Periode: {periode.label}"), 1):
        ws.cell(row=row, column=1, value=text)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for col, kolom in enumerate(bagian.columns, 1):
        cell = ws.cell(row=layout.HEADER_ROW, column=col, value=kolom.header)
        cell.font, cell.fill = BOLD, GREY
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = kolom.width
    ws.freeze_panes = ws.cell(row=layout.HEADER_ROW + 1, column=1)
    ws.protection.sheet = True
    ws.protection.password = SHEET_PASSWORD
    return ws


class _Validations:
    """The data validations of one sheet: which cells get which kind (``Kolom.validation``)."""

    def __init__(self) -> None:
        self.cells: dict[str, dict[str, list[int]]] = {}  # kind → column letter → rows

    def add(self, kind: str | None, letter: str, row: int) -> None:
        if kind:
            self.cells.setdefault(kind, {}).setdefault(letter, []).append(row)

    def apply(self, ws) -> None:
        for kind, columns in self.cells.items():
            dv = VALIDATIONS[kind]()
            for letter, rows in columns.items():
                for first, last in _runs(rows):
                    dv.add(
                        f"{letter}{first}:{letter}{last}" if last > first else f"{letter}{first}"
                    )
            ws.add_data_validation(dv)


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Consecutive rows as (first, last) pairs."""
    out: list[tuple[int, int]] = []
    for r in sorted(rows):
        if out and r == out[-1][1] + 1:
            out[-1] = (out[-1][0], r)
        else:
            out.append((r, r))
    return out


def _write_row(
    ws,
    bagian: layout.Bagian,
    row: int,
    values: dict,
    editable: set[int],
    validations: _Validations,
    validation_for: dict[str, str] | None = None,
) -> None:
    """One data row: each layout column's value by name, locked and grey unless ``editable``."""
    for col, kolom in enumerate(bagian.columns, 1):
        cell = ws.cell(row=row, column=col, value=_cell_value(values.get(kolom.name)))
        if col in editable:
            cell.protection = Protection(locked=False)
            cell.fill = YELLOW
        else:
            cell.fill = GREY
        if kolom.number_format:
            cell.number_format = kolom.number_format
        kind = (validation_for or {}).get(kolom.name, kolom.validation)
        validations.add(kind, get_column_letter(col), row)


def _opd_values(bagian: layout.Bagian, filled: dict | None) -> dict:
    """What the OPD wrote in its own columns (a filled submission), by column name."""
    filled = filled or {}
    return {k.name: filled.get(k.name) for k in bagian.columns if k.filled_by != layout.REFERENCE}


def nama_tampil(indikator: dict, periode: Periode) -> str:
    """The indicator's name as the template shows it: a kumulatif one says that its value is the
    total from January (methods.md §4)."""
    nama = str(indikator["nama_indikator"])
    if indikator.get("sifat") != "kumulatif":
        return nama
    if periode.bulan == 1:
        return f"{nama} (kumulatif: total Januari)"
    return f"{nama} (kumulatif: total Januari s.d. {_BULAN[periode.bulan - 1]})"


_BULAN = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
    "Oktober", "November", "Desember",
)  # fmt: skip


def _kinerja(
    book, b: layout.Bagian, ref: Referensi, kode_opd, opd_nama, p, kinerja, settings=None
) -> None:
    ws = _sheet(book, b, opd_nama, p)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode_opd].sort_values("kode_indikator")
    filled = (
        {}
        if kinerja is None
        else {k: g.to_dict("records") for k, g in kinerja.groupby("kode_indikator", sort=False)}
    )
    editable = b.filled_by_opd()
    validations = _Validations()
    row = layout.HEADER_ROW + 1
    targets = target_bulan_semua(
        ref, ind["kode_indikator"], ind["sifat"], p, settings, kode_opd=kode_opd
    )
    for r, target in zip(ind.to_dict("records"), targets, strict=True):
        shown = {**r, "target": target, "nama_indikator": nama_tampil(r, p)}
        # a percentage indicator's realisasi must lie within 0–100 (unless its bounds say
        # otherwise, as a growth rate's do)
        bounds = batas_indikator(
            r["satuan"], r["sifat"], r.get("nilai_min"), r.get("nilai_maks"), r.get("boleh_negatif")
        )
        percent = r["satuan"] == "%" and (bounds.minimum, bounds.maksimum) == (0.0, 100.0)
        override = {"realisasi": "percent"} if percent else None
        for entry in filled.get(r["kode_indikator"], [None]):
            values = {**shown, **_opd_values(b, entry)}
            _write_row(ws, b, row, values, editable, validations, override)
            row += 1
    validations.apply(ws)


def _anggaran(book, b: layout.Bagian, ref: Referensi, kode_opd, opd_nama, p, anggaran) -> None:
    ws = _sheet(book, b, opd_nama, p)
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode_opd) & (ref.anggaran["tahun"] == p.tahun)]
    filled = {} if anggaran is None else anggaran.set_index("kode_kegiatan").to_dict("index")
    editable = b.filled_by_opd()
    validations = _Validations()
    row = layout.HEADER_ROW + 1
    for r in ang.sort_values("kode_kegiatan").to_dict("records"):
        shown = {
            **r,
            "pagu": float(r["pagu"]),
            "rencana_kumulatif": float(sum(r[k] for k in KAS_COLUMNS[: p.bulan])),
        }
        values = {**shown, **_opd_values(b, filled.get(r["kode_kegiatan"]))}
        _write_row(ws, b, row, values, editable, validations)
        row += 1
    validations.apply(ws)


def _tindak_lanjut(book, b: layout.Bagian, opd_nama, p, tindak_lanjut, empty_rows: int) -> None:
    """Follow-ups carried from earlier rakor (only their OPD columns editable), then empty rows
    for new ones (every column the OPD may fill editable)."""
    ws = _sheet(book, b, opd_nama, p)
    validations = _Validations()
    row = layout.HEADER_ROW + 1
    carried = [] if tindak_lanjut is None else tindak_lanjut.to_dict("records")
    for r in carried:
        _write_row(ws, b, row, r, b.filled_by_opd(), validations)
        row += 1
    for _ in range(empty_rows):
        _write_row(ws, b, row, {}, b.filled_by_opd(new_row=True), validations)
        row += 1
    validations.apply(ws)


def build_book(
    ref: Referensi,
    kode_opd: str,
    periode: str | Periode,
    kinerja: pd.DataFrame | None = None,
    anggaran: pd.DataFrame | None = None,
    tindak_lanjut: pd.DataFrame | None = None,
    empty_follow_up_rows: int = 5,
    parts: tuple[layout.Bagian, ...] = layout.BAGIAN,
    revisi: int = 0,
    settings: Settings | None = None,
) -> Workbook:
    """The template workbook; ``parts`` (default: the layout's) give its sheets and columns;
    ``revisi`` goes to ``_meta`` (0: the first submission of the month); ``settings`` (the
    month's, default ``Settings()``) decide the targets shown, as they decide the evaluation's."""
    p = Periode.parse(periode)
    opd_nama = ref.opd.set_index("kode_opd").loc[kode_opd, "nama_opd"]
    book = Workbook()
    pet = book.active
    pet.title = layout.INSTRUCTIONS_SHEET
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    contoh = {
        "contoh": layout.file_name(singkatan, str(p), revisi=1),
        "contoh_csv": layout.file_name(singkatan, str(p), layout.KINERJA.name, revisi=1),
    }
    for i, line in enumerate(INSTRUCTIONS, 1):
        pet.cell(row=i, column=1, value=line.format(**contoh))
    pet.column_dimensions[get_column_letter(1)].width = 120
    pet.cell(row=1, column=1).font = Font(bold=True, size=13)
    by_name = {b.name: b for b in parts}
    _kinerja(book, by_name["kinerja"], ref, kode_opd, opd_nama, p, kinerja, settings)
    _anggaran(book, by_name["anggaran"], ref, kode_opd, opd_nama, p, anggaran)
    _tindak_lanjut(book, by_name["tindak_lanjut"], opd_nama, p, tindak_lanjut, empty_follow_up_rows)

    meta = book.create_sheet(layout.META_SHEET)
    values = {
        "kode_opd": kode_opd,
        "periode": str(p),
        "versi_template": layout.TEMPLATE_VERSION,
        "revisi": revisi,
    }
    for i, key in enumerate(layout.META_KEYS, 1):
        meta.cell(row=i, column=1, value=key)
        meta.cell(row=i, column=2, value=values[key])
    # the revision is the one value an OPD may raise here (or by naming the file ..._revN)
    meta.cell(row=layout.META_KEYS.index("revisi") + 1, column=2).protection = Protection(
        locked=False
    )
    meta.sheet_state = "hidden"
    meta.protection.sheet = True
    return book


def _cell_value(value):
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
    settings: Settings | None = None,
) -> Path:
    """An empty template for the month (follow-ups carried from earlier rakor pre-filled)."""
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    path = Path(out_dir) / layout.file_name(singkatan, str(Periode.parse(periode)))
    path.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(
        build_book(ref, kode_opd, periode, tindak_lanjut=tindak_lanjut_terbuka, settings=settings),
        path,
    )
    return path


def write_submission(
    path: Path,
    ref: Referensi,
    kode_opd: str,
    periode,
    kinerja: pd.DataFrame,
    anggaran: pd.DataFrame,
    tindak_lanjut: pd.DataFrame,
    revisi: int = 0,
) -> Path:
    """A filled template, as an OPD sends it back (``revisi`` in its ``_meta``)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    book = build_book(
        ref,
        kode_opd,
        periode,
        kinerja,
        anggaran,
        tindak_lanjut,
        empty_follow_up_rows=0,
        revisi=revisi,
    )
    save_deterministic(book, path)
    return path


def _csv_text(value) -> str:
    value = _cell_value(value)
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
    parts: tuple[layout.Bagian, ...] = layout.BAGIAN,
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
        target=target_bulan_semua(
            ref,
            kinerja["kode_indikator"],
            kinerja["kode_indikator"].map(ind["sifat"]),
            p,
            kode_opd=kode_opd,
        ),
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
    frames = {"kinerja": kin, "anggaran": ang, "tindak_lanjut": tindak_lanjut}
    paths = []
    for bagian in parts:
        lines = [sep.join(bagian.headers)]
        for rec in frames[bagian.name].to_dict("records"):
            lines.append(sep.join(_csv_text(rec.get(c)) for c in bagian.names))
        path = folder / layout.file_name(singkatan, str(p), bagian.name)
        atomic_write_bytes(path, ("\r\n".join(lines) + "\r\n").encode(encoding))
        paths.append(path)
    return paths
