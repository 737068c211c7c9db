"""The rakor's decisions register: ``keputusan_<periode>.xlsx`` (sheet ``Keputusan``).

``write_templat`` writes the empty register for a month (header row from
``monev.model.keputusan.KEPUTUSAN``, a list of the OPD codes to choose from, instructions).
``muat_register`` reads a filled one through the same bounded reader as the OPD submissions,
checks every cell, and stores it whole or not at all (``store.replace_keputusan``), keeping the
file under ``data/raw/<sha256>.xlsx``. Each refusal names the file, sheet, cell, column, the value
and what was expected, in Indonesian.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from openpyxl import Workbook as Book
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from monev.data import readers, store
from monev.data.files import file_sha256
from monev.data.ingest.cells import read_date, read_text
from monev.data.ingest.load import archive
from monev.data.ingest.sheets import follow_up_owner
from monev.data.reference import Referensi
from monev.data.xlsx import save_deterministic
from monev.model import layout
from monev.model.angka import format_tanggal_id
from monev.model.keputusan import KEPUTUSAN, file_name, kode_keputusan, periode_of_file
from monev.model.periode import Periode
from monev.model.workbook import Workbook

GREY = PatternFill("solid", fgColor="DDDDDD")
YELLOW = PatternFill("solid", fgColor="FFF2CC")
DAFTAR_OPD = "Daftar OPD"
BARIS_KOSONG = 40  # empty decision rows of a new register

PETUNJUK = (
    "Petunjuk pengisian register keputusan rakor",
    "",
    "1. Isi satu baris untuk setiap keputusan rapat bagi satu OPD. Keputusan untuk beberapa OPD "
    "ditulis satu baris per OPD.",
    "2. Kolom OPD: singkatan OPD dari lembar 'Daftar OPD', contoh DPUPR.",
    "3. Masalah, Keputusan dan Batas Waktu wajib diisi. Batas waktu ditulis sebagai tanggal, "
    "contoh 30/11/2026.",
    "4. Kolom Kode boleh dikosongkan: monev memberi kode TL-<periode>-<OPD>-K01, K02, ... OPD "
    "melaporkan kemajuan setiap keputusan dengan kode itu di lembar Tindak Lanjut laporan "
    "bulanannya.",
    "5. Penanggung Jawab boleh dikosongkan (bawaan: Kepala OPD).",
    "6. Muat register dengan: monev keputusan --muat keputusan_<periode>.xlsx. Berkas yang "
    "bergalat ditolak utuh; perbaiki sel yang disebut lalu muat lagi. Memuat register yang "
    "diperbaiki untuk bulan yang sama menggantikan register sebelumnya.",
)


def write_templat(
    ref: Referensi, periode: str, path: Path, nama_daerah: str = "", tanggal_rapat: str = ""
) -> Path:
    """An empty register of ``periode`` at ``path`` (written atomically)."""
    p = Periode.parse(periode)
    book = Book()
    ws = book.active
    ws.title = KEPUTUSAN.sheet
    rapat = (
        f" · Rapat: {format_tanggal_id(dt.date.fromisoformat(tanggal_rapat))}"
        if (tanggal_rapat)
        else ""
    )
    for row, text in enumerate(
        (KEPUTUSAN.title, nama_daerah, f"Periode: {p.label}{rapat}"), start=1
    ):
        ws.cell(row=row, column=1, value=text)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for col, kolom in enumerate(KEPUTUSAN.columns, 1):
        cell = ws.cell(row=layout.HEADER_ROW, column=col, value=kolom.header)
        cell.font, cell.fill = Font(bold=True), GREY
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.column_dimensions[get_column_letter(col)].width = kolom.width
        for r in range(layout.HEADER_ROW + 1, layout.HEADER_ROW + 1 + BARIS_KOSONG):
            data = ws.cell(row=r, column=col)
            data.fill = YELLOW
            if kolom.number_format:
                data.number_format = kolom.number_format
    ws.freeze_panes = ws.cell(row=layout.HEADER_ROW + 1, column=1)
    first, last = layout.HEADER_ROW + 1, layout.HEADER_ROW + BARIS_KOSONG

    daftar = book.create_sheet(DAFTAR_OPD)
    daftar.append(["Singkatan", "Nama OPD", "Asisten"])
    for r in ref.opd.sort_values("singkatan").itertuples():
        daftar.append([r.singkatan, r.nama_opd, r.asisten])
    daftar.column_dimensions["B"].width = 60
    n = len(ref.opd) + 1
    opd_col = get_column_letter(KEPUTUSAN.position("singkatan"))
    pilih = DataValidation(
        type="list",
        formula1=f"'{DAFTAR_OPD}'!$A$2:$A${n}",
        allow_blank=True,
        showErrorMessage=True,
        errorStyle="warning",
        error="Pilih singkatan OPD dari lembar Daftar OPD.",
    )
    pilih.add(f"{opd_col}{first}:{opd_col}{last}")
    tgl_col = get_column_letter(KEPUTUSAN.position("batas_waktu"))
    tanggal = DataValidation(
        type="date", allow_blank=True, error="Tulis tanggal, contoh 30/11/2026."
    )
    tanggal.add(f"{tgl_col}{first}:{tgl_col}{last}")
    ws.add_data_validation(pilih)
    ws.add_data_validation(tanggal)

    petunjuk = book.create_sheet(layout.INSTRUCTIONS_SHEET)
    for text in PETUNJUK:
        petunjuk.append([text])
    petunjuk.column_dimensions["A"].width = 110
    meta = book.create_sheet(layout.META_SHEET)
    meta.append(["periode", str(p)])
    meta.append(["jenis", "keputusan"])
    meta.sheet_state = "hidden"
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    save_deterministic(book, path)
    return path


# --------------------------------------------------------------------------------- reading


@dataclass
class HasilRegister:
    """The outcome of loading one register: ``status`` dimuat / sama / ditolak."""

    path: Path
    periode: str | None
    status: str
    keputusan: pd.DataFrame | None = None
    galat: list[str] = field(default_factory=list)


def _at(berkas: str, cell: readers.Cell) -> str:
    return f"{berkas}, lembar {cell.sheet}, sel {cell.ref} (kolom {cell.header})"


def baca_register(
    path: Path,
    ref: Referensi,
    periode: str | None = None,
    kode_lain: dict[str, str] | None = None,
    tanggal_rapat: str = "",
) -> tuple[str | None, pd.DataFrame, list[str]]:
    """(periode, decisions, errors) of a register file; nothing is stored.

    ``periode``: the month typed on the command line (else from the file name or its _meta
    sheet); ``kode_lain``: codes of other months' registers (code → month), which a new decision
    may not reuse; ``tanggal_rapat``: the meeting date, before which no deadline may fall."""
    path = Path(path)
    nama = path.name
    galat: list[str] = []
    try:
        meta, tables, sheets = readers.read_xlsx(path, parts=(KEPUTUSAN,))
    except readers.FileRefused as exc:
        return periode, pd.DataFrame(), [str(exc)]
    except Exception as exc:  # a zip or workbook openpyxl cannot read at all
        return (
            periode,
            pd.DataFrame(),
            [
                f"{nama}: bukan buku kerja Excel (.xlsx) yang dapat dibaca ({type(exc).__name__}). "
                "Simpan ulang register sebagai .xlsx dari templat monev keputusan --templat."
            ],
        )
    dari_nama, dari_meta = periode_of_file(nama), meta.get("periode") or None
    calon = [(asal, v) for asal, v in (("perintah", periode), ("nama berkas", dari_nama),
                                       ("lembar _meta", dari_meta)) if v]  # fmt: skip
    if not calon:
        return (
            None,
            pd.DataFrame(),
            [
                f"{nama}: periode register tidak diketahui. Beri nama berkas keputusan_<periode>.xlsx "
                "(contoh keputusan_2026-10.xlsx) atau tulis --periode."
            ],
        )
    p = str(Periode.parse(calon[0][1]))
    for asal, v in calon[1:]:
        if str(Periode.parse(v)) != p:
            galat.append(
                f"{nama}: periode menurut {asal} ({v}) tidak sama dengan periode {p} "
                f"menurut {calon[0][0]}. Pakai register bulan yang benar."
            )
    if KEPUTUSAN.name not in tables:
        return (
            p,
            pd.DataFrame(),
            [
                *galat,
                f"{nama}: lembar '{KEPUTUSAN.sheet}' tidak ada (lembar yang ada: {', '.join(sheets)}). "
                "Pakai templat dari monev keputusan --templat.",
            ],
        )
    table = tables[KEPUTUSAN.name]
    for kolom in KEPUTUSAN.columns:
        if kolom.required and kolom.name not in table.header:
            galat.append(
                f"{nama}, lembar {KEPUTUSAN.sheet}, baris {layout.HEADER_ROW}: kolom "
                f"'{kolom.header}' tidak ada. Jangan mengubah baris judul templat."
            )
    if galat:
        return p, pd.DataFrame(), galat

    opd = ref.opd.assign(_kunci=ref.opd["singkatan"].str.upper()).set_index("_kunci")
    every_singkatan = set(opd.index)
    kode_lain = kode_lain or {}
    batas_awal = dt.date.fromisoformat(tanggal_rapat) if tanggal_rapat else Periode.parse(p).akhir
    rows, seen, nomor = [], {}, {}
    for rec in table.rows:

        def kosong(name: str, rec: dict = rec) -> None:
            cell, first = rec.get(name), next(iter(rec.values()))
            header = KEPUTUSAN.columns[KEPUTUSAN.position(name) - 1].header
            where = (
                _at(nama, cell)
                if cell is not None
                else f"{nama}, lembar {first.sheet}, baris {first.row} (kolom {header})"
            )
            galat.append(f"{where}: kosong; kolom {header} wajib diisi.")

        singkatan = read_text(rec.get("singkatan"))
        kode_opd = None
        if singkatan is None:
            kosong("singkatan")
        elif singkatan.upper() not in opd.index:
            galat.append(
                f"{_at(nama, rec['singkatan'])}: {singkatan!r} bukan singkatan OPD yang dikenal; "
                "tulis singkatan dari lembar Daftar OPD (opd.csv), contoh "
                f"{opd['singkatan'].iloc[0]}."
            )
        else:
            kode_opd = opd.loc[singkatan.upper(), "kode_opd"]
            singkatan = opd.loc[singkatan.upper(), "singkatan"]
        teks = {}
        for name in ("masalah", "keputusan"):
            teks[name] = read_text(rec.get(name))
            if teks[name] is None:
                kosong(name)
        batas = None
        if rec.get("batas_waktu") is None or rec["batas_waktu"].value in (None, ""):
            kosong("batas_waktu")
        else:
            findings: list = []
            batas = read_date(rec["batas_waktu"], findings)
            for f in findings:
                galat.append(f"{_at(nama, rec['batas_waktu'])}: {f.message()}")
            if batas is not None and batas.date() < batas_awal:
                acuan = "tanggal rapat" if tanggal_rapat else "akhir bulan periode"
                galat.append(
                    f"{_at(nama, rec['batas_waktu'])}: batas waktu "
                    f"{format_tanggal_id(batas.date())} sebelum {acuan} "
                    f"({format_tanggal_id(batas_awal)}); tulis tanggal sesudahnya."
                )
        kode = read_text(rec.get("kode_tl"))
        if kode is not None:
            if kode in seen:
                galat.append(
                    f"{_at(nama, rec['kode_tl'])}: kode {kode!r} sudah dipakai di sel "
                    f"{seen[kode]}; setiap keputusan berkode sendiri (atau kosongkan)."
                )
            elif kode in kode_lain and kode_lain[kode] != p:
                galat.append(
                    f"{_at(nama, rec['kode_tl'])}: kode {kode!r} sudah dipakai register "
                    f"{kode_lain[kode]}; kosongkan agar monev memberi kode baru."
                )
            owner = follow_up_owner(kode, every_singkatan)
            if kode_opd is not None and owner is not None and owner != singkatan.upper():
                galat.append(
                    f"{_at(nama, rec['kode_tl'])}: kode {kode!r} milik OPD {owner}, bukan "
                    f"{singkatan}; kosongkan atau tulis kode OPD itu."
                )
            seen[kode] = rec["kode_tl"].ref
        pj = read_text(rec.get("penanggung_jawab"))
        rows.append(
            dict(
                kode_tl=kode,
                periode=p,
                kode_opd=kode_opd,
                singkatan=singkatan,
                masalah=teks["masalah"],
                keputusan=teks["keputusan"],
                penanggung_jawab=pj
                or (f"Kepala {opd.loc[singkatan.upper(), 'nama_opd']}" if kode_opd else ""),
                batas_waktu=batas,
                keterangan=read_text(rec.get("keterangan")),
            )
        )
    if not rows and not galat:  # a blank register would silently drop the month's decisions
        galat.append(
            f"{nama}, lembar {KEPUTUSAN.sheet}: tidak ada keputusan (baris {layout.HEADER_ROW + 1} "
            "ke bawah kosong). Isi setidaknya satu keputusan."
        )
    if galat:
        return p, pd.DataFrame(), galat
    # codes of this month's earlier register may come back (a corrected register keeps them)
    taken = set(seen) | {k for k, v in kode_lain.items() if v != p}
    for i, row in enumerate(rows, 1):
        row["nomor"] = i
        if row["kode_tl"] is None:
            n = nomor.get(row["singkatan"], 0) + 1
            while kode_keputusan(p, row["singkatan"], n) in taken:
                n += 1
            nomor[row["singkatan"]] = n
            row["kode_tl"] = kode_keputusan(p, row["singkatan"], n)
            taken.add(row["kode_tl"])
    frame = pd.DataFrame(rows, columns=[*WAJIB_KOLOM, "singkatan"])
    frame["batas_waktu"] = pd.to_datetime(frame["batas_waktu"]).astype("datetime64[us]")
    frame["nomor"] = frame["nomor"].astype("int64")
    return p, frame, []


WAJIB_KOLOM = [
    "kode_tl", "periode", "nomor", "kode_opd", "masalah", "keputusan", "penanggung_jawab",
    "batas_waktu", "keterangan",
]  # fmt: skip


def kode_register(path: Path) -> dict[str, str]:
    """Every decision code in the store → the month of its register."""
    k = store.read_table(path, "keputusan")
    return dict(zip(k["kode_tl"].astype(str), k["periode"].astype(str), strict=True))


def muat_register(
    workbook: Workbook,
    path: Path,
    ref: Referensi,
    periode: str | None = None,
    tanggal_rapat: str = "",
    dimuat: dt.datetime | None = None,
) -> HasilRegister:
    """Check one register file and store it whole, or nothing (``status`` ditolak + galat)."""
    path = Path(path)
    try:
        readers.check_regular_file(path)
        sha = file_sha256(path)
    except readers.FileRefused as exc:
        return HasilRegister(path, periode, "ditolak", galat=[str(exc)])
    p, frame, galat = baca_register(
        path, ref, periode, kode_register(workbook.store), tanggal_rapat
    )
    if galat:
        return HasilRegister(path, p, "ditolak", galat=galat)
    arsip = workbook.raw / f"{sha}.xlsx"
    archive(path, arsip, sha)
    frame = frame.drop(columns="singkatan").assign(sha256=sha)
    berkas = dict(
        periode=p,
        sha256=sha,
        nama_berkas=path.name,
        dimuat=pd.Timestamp(dimuat or dt.datetime.now()).floor("s"),
        arsip=arsip.relative_to(workbook.root).as_posix(),
        jumlah_keputusan=len(frame),
    )
    status = store.replace_keputusan(workbook.store, berkas, frame)
    return HasilRegister(path, p, status, keputusan=frame)


def templat_path(workbook: Workbook, periode: str) -> Path:
    """Where ``monev keputusan --templat`` writes: ``outputs/<periode>/keputusan_<periode>.xlsx``."""
    return workbook.periode_dir(periode) / file_name(str(Periode.parse(periode)))
