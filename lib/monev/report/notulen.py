"""The rakor's papers (.docx, python-docx): the notulen and one follow-up letter per OPD.

``tulis_dokumen(ctx, ...)`` writes under ``outputs/<periode>/``:
- ``notulen_<periode>.docx``: the meeting (title, date, the regency), this rakor's decisions,
  then the earlier decisions closed this month, overdue at the meeting date, and carried;
- ``surat_tindak_lanjut_<SINGKATAN>_<periode>.docx`` for every OPD with a decision not yet done:
  the regency's letterhead (``ctx.daerah``), Indonesian dates, the OPD's new and open decisions
  with their status, and when its progress report is due.
Each file is written whole (``files.atomic_write_bytes``); names are built from codes only.
Everything printed comes from ``monev.present.keputusan``, as the pages show it.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from monev.data.files import atomic_write_bytes
from monev.model.periode import Periode
from monev.present import format as fmt
from monev.present.keputusan import (
    KOLOM_KEPUTUSAN,
    KOLOM_STATUS,
    keputusan_rapat,
    status_keputusan,
)


def notulen_name(periode: str) -> str:
    return f"notulen_{periode}.docx"


def surat_name(singkatan: str, periode: str) -> str:
    return f"surat_tindak_lanjut_{singkatan}_{periode}.docx"


@dataclass(frozen=True)
class Dokumen:
    notulen: Path
    surat: tuple[Path, ...]


def _document():
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Arial", Pt(11)
    for section in doc.sections:  # A4
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.left_margin = section.right_margin = Cm(2.5)
    return doc


def _kop(doc, ctx) -> None:
    for text, size in ((ctx.daerah.pemerintah.upper(), 14), ("SEKRETARIAT DAERAH", 13)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    doc.add_paragraph("_" * 78).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _table(doc, frame: pd.DataFrame, kolom: dict[str, str], kosong: str) -> None:
    if frame.empty:
        doc.add_paragraph(kosong)
        return
    table = doc.add_table(rows=1, cols=len(kolom))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, kolom.values(), strict=True):
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for _, row in frame.iterrows():
        cells = table.add_row().cells
        for cell, key in zip(cells, kolom, strict=True):
            value = row[key]
            cell.text = (
                ""
                if value is None or (not isinstance(value, str) and pd.isna(value))
                else (str(value))
            )


def _save(doc, path: Path) -> Path:
    buf = io.BytesIO()
    doc.save(buf)
    atomic_write_bytes(path, buf.getvalue())
    return path


def _tanggal_rapat(ctx) -> str:
    t = ctx.settings.tanggal_rapat
    return fmt.tanggal(dt.date.fromisoformat(t)) if t else "(tanggal rapat tidak diisi)"


def _acuan(ctx) -> str:
    t = ctx.settings.tanggal_rapat
    if t:
        return f"tanggal rapat {fmt.tanggal(dt.date.fromisoformat(t))}"
    return f"akhir {fmt.periode(ctx.periode)}"


def _hari_surat(ctx) -> dt.date:
    """Today, but never before the meeting the letter follows up."""
    t = ctx.settings.tanggal_rapat
    return max(dt.date.today(), dt.date.fromisoformat(t)) if t else dt.date.today()


def notulen(ctx, path: Path, judul: str = "", kode_opd: list[str] | None = None) -> Path:
    """Write the notulen of the rakor of ``ctx.periode`` for these OPDs (all when None)."""
    doc = _document()
    _kop(doc, ctx)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run("NOTULEN")
    run.bold, run.font.size = True, Pt(13)
    doc.add_paragraph(judul or ctx.daerah.judul_rakor).alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(f"Periode evaluasi: {fmt.periode(ctx.periode)}")
    doc.add_paragraph(f"Tanggal rapat: {_tanggal_rapat(ctx)}")

    doc.add_heading("A. Keputusan rapat", level=2)
    _table(
        doc,
        keputusan_rapat(ctx, kode_opd),
        KOLOM_KEPUTUSAN,
        "Register keputusan bulan ini belum dimuat.",
    )
    status = status_keputusan(ctx, kode_opd)
    kolom = {k: v for k, v in KOLOM_STATUS.items() if k != "catatan"}
    doc.add_heading("B. Keputusan rapat sebelumnya yang selesai bulan ini", level=2)
    _table(doc, status[status["status_bulan"] == "selesai"], kolom, "Tidak ada.")
    doc.add_heading("C. Keputusan rapat sebelumnya yang terlambat", level=2)
    doc.add_paragraph(f"Terlambat: batas waktunya sebelum {_acuan(ctx)} dan belum selesai.")
    _table(doc, status[status["keadaan"] == "terlambat"], KOLOM_STATUS, "Tidak ada.")
    doc.add_heading("D. Keputusan rapat sebelumnya yang dibawa ke bulan berikutnya", level=2)
    lain = status[(status["keadaan"] != "terlambat") & (status["status_bulan"] != "selesai")]
    _table(doc, lain, KOLOM_STATUS, "Tidak ada.")
    doc.add_paragraph("")
    doc.add_paragraph(_tanggal_rapat(ctx)).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_paragraph("Notulis,")
    return _save(doc, path)


def surat(ctx, kode_opd: str, path: Path, judul: str = "", tanggal_surat=None) -> Path | None:
    """Write the follow-up letter to one OPD; None when it has no decision to follow up."""
    baru = keputusan_rapat(ctx, [kode_opd])
    status = status_keputusan(ctx, [kode_opd])
    terbuka = status[status["status_bulan"] != "selesai"]
    if baru.empty and terbuka.empty:
        return None
    opd = ctx.ref.opd.set_index("kode_opd").loc[kode_opd]
    tanggal = fmt.tanggal(tanggal_surat or _hari_surat(ctx))
    rapat = judul or ctx.daerah.judul_rakor
    p = Periode.parse(ctx.periode)
    batas_lapor = fmt.tanggal(p.tambah(1).batas_kirim(ctx.settings.deadline_day))

    doc = _document()
    _kop(doc, ctx)
    doc.add_paragraph(tanggal).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for line in (
        "Nomor\t: ……………………",
        "Sifat\t: Penting",
        "Lampiran\t: –",
        f"Hal\t: Tindak Lanjut Hasil {rapat} Periode {p.label}",
    ):
        doc.add_paragraph(line)
    doc.add_paragraph(f"Yth. Kepala {opd['nama_opd']}\ndi tempat")
    doc.add_paragraph(
        f"Menindaklanjuti {rapat} tanggal {_tanggal_rapat(ctx)} yang mengevaluasi kinerja "
        f"bulan {p.label}, bersama ini kami sampaikan keputusan rapat yang menjadi tanggung "
        f"jawab {opd['nama_opd']} ({opd['singkatan']}):"
    )
    doc.add_heading("Keputusan rapat bulan ini", level=3)
    _table(
        doc,
        baru,
        {k: v for k, v in KOLOM_KEPUTUSAN.items() if k != "singkatan"},
        "Tidak ada keputusan baru.",
    )
    doc.add_heading("Keputusan rapat sebelumnya yang belum selesai", level=3)
    doc.add_paragraph(f"Status pada {_acuan(ctx)}.")
    _table(
        doc,
        terbuka,
        {k: v for k, v in KOLOM_STATUS.items() if k != "singkatan"},
        "Tidak ada.",
    )
    doc.add_paragraph(
        "Mohon kemajuan setiap butir dilaporkan pada lembar Tindak Lanjut laporan bulanan "
        f"{p.tambah(1).label} dengan kode yang tercantum, paling lambat {batas_lapor}. "
        "Atas perhatian dan kerja samanya kami ucapkan terima kasih."
    )
    doc.add_paragraph("")
    doc.add_paragraph(f"Sekretaris Daerah {ctx.daerah.nama},")
    return _save(doc, path)


def tulis_dokumen(
    ctx, judul: str = "", asisten: str = "", tanggal_surat: dt.date | None = None
) -> Dokumen:
    """The notulen and the letters of the rakor of ``ctx.periode`` (one Asisten's OPDs and the
    OPDs its register names, or all), under ``outputs/<periode>/``."""
    folder = ctx.workbook.periode_dir(ctx.periode)
    folder.mkdir(parents=True, exist_ok=True)
    opd = ctx.ref.opd
    if asisten:  # the Asisten's OPDs, and any OPD this rakor's register names
        k = ctx.keputusan
        named = set() if k is None else set(k.loc[k["periode"] == ctx.periode, "kode_opd"])
        opd = opd[(opd["asisten"].astype(str) == asisten) | opd["kode_opd"].isin(named)]
    kode = list(opd["kode_opd"])
    path = notulen(ctx, folder / notulen_name(ctx.periode), judul, kode)
    letters = []
    for row in opd.sort_values("singkatan").itertuples():
        target = (folder / surat_name(row.singkatan, ctx.periode)).resolve()
        if target.parent != folder.resolve():  # a code is never a path
            raise ValueError(f"singkatan {row.singkatan!r} bukan kode yang sah")
        written = surat(ctx, row.kode_opd, target, judul, tanggal_surat)
        if written is not None:
            letters.append(written)
    return Dokumen(path, tuple(letters))
