"""The rakor's decisions register end to end, on a copy of the sample workbook: the analyst
writes the template, fills it, loads it (refused whole with cell-level messages when wrong); the
next month an OPD reports on the decisions; the engine, the rakor and OPD pages, the notulen and
the follow-up letters (read back with python-docx) find each decision closed, overdue or
carried."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from docx import Document
from ingest_fixtures import ref_of, submission
from openpyxl import load_workbook

from monev.app.context import forget_contexts, open_period
from monev.commands import invoke
from monev.data.ingest import ingest_files
from monev.data.keputusan import muat_register
from monev.data.store import read_table
from monev.model import layout
from monev.model.workbook import Workbook

OKT, NOV = "2026-10", "2026-11"
# decisions of the October rakor: (OPD, masalah, keputusan, batas waktu)
DECISIONS = [
    ("DPUPR", "Serapan jalan rendah", "Percepat lelang paket jalan", dt.date(2026, 11, 20)),
    ("DPUPR", "Data fisik terlambat", "Kirim data fisik mingguan", dt.date(2026, 11, 30)),
    ("DINKES", "Stunting naik", "Audit kasus stunting", dt.date(2027, 1, 31)),
]


def templat(root: Path, periode: str = OKT) -> Path:
    assert invoke("keputusan", ["--root", str(root), "--periode", periode, "--templat"]) == 0
    path = Workbook.at(root).periode_dir(periode) / f"keputusan_{periode}.xlsx"
    assert path.exists()
    return path


def isi(path: Path, rows, target: Path) -> Path:
    """Fill the register's rows as the analyst would in Excel."""
    book = load_workbook(path)
    ws = book["Keputusan"]
    headers = [c.value for c in ws[layout.HEADER_ROW]]
    for i, row in enumerate(rows):
        for header, value in row.items():
            ws.cell(row=layout.HEADER_ROW + 1 + i, column=headers.index(header) + 1, value=value)
    target.parent.mkdir(parents=True, exist_ok=True)
    book.save(target)
    return target


def baris(opd, masalah, keputusan, batas, **extra) -> dict:
    return {"OPD": opd, "Masalah": masalah, "Keputusan": keputusan, "Batas Waktu": batas, **extra}


@pytest.fixture
def register(sample_workbook_copy, tmp_path):
    root = sample_workbook_copy
    filled = isi(
        templat(root), [baris(*d) for d in DECISIONS], tmp_path / "in" / f"keputusan_{OKT}.xlsx"
    )
    return root, filled


def test_a_wrong_register_is_refused_whole_with_the_cells_named(register, tmp_path, capsys):
    root, _ = register
    bad = isi(
        templat(root),
        [
            baris("DPUPR", "Masalah", "Keputusan yang benar", dt.date(2026, 12, 1)),
            baris("DPUPRR", "Masalah", "Keputusan", dt.date(2026, 12, 1)),
            baris("DINKES", "Masalah", None, "besok"),
            baris("DINKES", "Masalah", "Keputusan", dt.date(2026, 10, 1)),
        ],
        tmp_path / "salah" / f"keputusan_{OKT}.xlsx",
    )
    code = invoke("keputusan", ["--root", str(root), "--muat", str(bad)])
    err = capsys.readouterr().err
    assert code == 1 and "DITOLAK utuh" in err
    assert "sel B6 (kolom OPD): 'DPUPRR' bukan singkatan OPD yang dikenal" in err
    assert "sel D7 (kolom Keputusan): kosong; kolom Keputusan wajib diisi" in err
    assert "sel F7 (kolom Batas Waktu): 'besok' bukan tanggal" in err
    # the sample's October params hold the meeting date, 16 November 2026
    assert "sel F8 (kolom Batas Waktu): batas waktu 1 Oktober 2026 sebelum tanggal rapat" in err
    assert read_table(Workbook.at(root).store, "keputusan").empty  # nothing of it was stored


def test_a_blank_register_is_refused(register, tmp_path):
    root, _ = register
    blank = isi(templat(root), [], tmp_path / "kosong" / f"keputusan_{OKT}.xlsx")
    hasil = muat_register(Workbook.at(root), blank, ref_of(root), OKT)
    assert hasil.status == "ditolak" and "tidak ada keputusan" in hasil.galat[0]


def test_a_register_is_stored_with_its_hash_and_loading_it_again_changes_nothing(register):
    root, filled = register
    wb = Workbook.at(root)
    assert invoke("keputusan", ["--root", str(root), "--muat", str(filled)]) == 0
    k = read_table(wb.store, "keputusan").sort_values("nomor")
    assert list(k["kode_tl"]) == [
        "TL-2026-10-DPUPR-K01", "TL-2026-10-DPUPR-K02", "TL-2026-10-DINKES-K01",
    ]  # fmt: skip
    (berkas,) = read_table(wb.store, "berkas_keputusan").to_dict("records")
    assert (wb.root / berkas["arsip"]).read_bytes() == filled.read_bytes()
    assert berkas["jumlah_keputusan"] == 3 and berkas["nama_berkas"] == filled.name
    again = muat_register(wb, filled, ref_of(root), OKT, "2026-11-16")
    assert again.status == "sama"
    # a corrected register replaces the month's decisions, and keeps their codes
    fixed = isi(templat(root), [baris(*DECISIONS[0])], filled.parent / "fix" / filled.name)
    assert muat_register(wb, fixed, ref_of(root), OKT, "2026-11-16").status == "dimuat"
    assert list(read_table(wb.store, "keputusan")["kode_tl"]) == ["TL-2026-10-DPUPR-K01"]


def test_the_opds_next_template_carries_its_decisions(register):
    root, filled = register
    assert invoke("keputusan", ["--root", str(root), "--muat", str(filled)]) == 0
    assert invoke("template", ["--root", str(root), "--periode", NOV, "--opd", "DPUPR"]) == 0
    path = Workbook.at(root).periode_dir(NOV) / "template" / layout.file_name("DPUPR", NOV)
    ws = load_workbook(path)[layout.TINDAK_LANJUT.sheet]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=layout.HEADER_ROW + 1)]
    kode = {r[0]: r for r in rows if r[0]}
    assert {"TL-2026-10-DPUPR-K01", "TL-2026-10-DPUPR-K02"} <= set(kode)
    assert "TL-2026-10-DINKES-K01" not in kode
    assert "Kirim data fisik mingguan" in kode["TL-2026-10-DPUPR-K02"]


def test_an_old_store_gets_the_register_tables(register):
    root, filled = register
    wb = Workbook.at(root)
    with duckdb.connect(str(wb.store)) as con:  # a version 3 store, before the register
        con.execute("DROP TABLE keputusan")
        con.execute("DROP TABLE berkas_keputusan")
        con.execute("UPDATE monev_meta SET value = '3' WHERE key = 'schema_version'")
    assert read_table(wb.store, "keputusan").empty  # readable before migrating
    assert muat_register(wb, filled, ref_of(root), OKT).status == "dimuat"
    assert len(read_table(wb.store, "keputusan")) == 3


def november(root: Path, filled: Path, tmp_path: Path, asisten: str = "") -> None:
    """The October register loaded; in November DPUPR reports one decision done and one in
    progress, DINKES sends nothing; the November rakor meets on 14 December."""
    wb = Workbook.at(root)
    assert invoke("keputusan", ["--root", str(root), "--muat", str(filled)]) == 0
    # November: DPUPR reports on its two decisions; DINKES sends nothing on its own
    tl = pd.DataFrame(
        [
            dict(kode_tl="TL-2026-10-DPUPR-K01", masalah="x", tindak_lanjut="x",
                 penanggung_jawab="x", batas_waktu=None, status="selesai",
                 keterangan="Kontrak ditandatangani 18 November"),
            dict(kode_tl="TL-2026-10-DPUPR-K02", masalah="x", tindak_lanjut="x",
                 penanggung_jawab="x", batas_waktu=None, status="proses",
                 keterangan="Format laporan mingguan disusun"),
        ]
    )  # fmt: skip
    folder = tmp_path / "kiriman" / NOV
    folder.mkdir(parents=True)
    path = submission(root, folder, "DPUPR", NOV, tindak_lanjut=tl)
    hasil = ingest_files(wb, [path])
    assert not hasil.ditolak, [b.findings_table() for b in hasil.ditolak]
    (wb.params / f"{NOV}.yaml").write_text(
        f'periode: "{NOV}"\nasisten: "{asisten}"\ntanggal_rapat: "2026-12-14"\n', encoding="utf-8"
    )


def test_decisions_next_month_closed_overdue_and_carried(register, tmp_path):
    root, filled = register
    wb = Workbook.at(root)
    november(root, filled, tmp_path)
    forget_contexts()
    ctx = open_period(root, NOV)

    # the engine: K01 closed this month, K02 overdue at the meeting (due 30 November), DINKES
    # carried; lateness counted to 14 December, not to the end of November
    st = ctx.evaluasi.tindak_lanjut.set_index("kode_tl")
    dec = st[st["asal"] == "rakor"]
    assert dec["status_bulan"].astype(str).to_dict() == {
        "TL-2026-10-DINKES-K01": "dibawa",
        "TL-2026-10-DPUPR-K01": "selesai",
        "TL-2026-10-DPUPR-K02": "dalam proses",
    }
    assert dec.loc["TL-2026-10-DPUPR-K02", "keadaan"] == "terlambat"
    assert dec.loc["TL-2026-10-DPUPR-K02", "hari_terlambat"] == 14
    assert dec.loc["TL-2026-10-DINKES-K01", "keadaan"] == "terbuka"
    assert dec.loc["TL-2026-10-DPUPR-K02", "tindak_lanjut"] == "Kirim data fisik mingguan"
    assert "sebelum tanggal rapat 14 Desember 2026" in ctx.settings.uraian()

    # the pages: the rakor's follow-up section (as the notebook calls it) and an OPD's
    from monev.present import opd as opd_page
    from monev.present import rakor

    page = rakor.tindak_lanjut(ctx, "").data
    selesai = page.split("Keputusan yang selesai bulan ini")[1].split("Keputusan yang belum")[0]
    assert "TL-2026-10-DPUPR-K01" in selesai and "TL-2026-10-DPUPR-K02" not in selesai
    belum = page.split("Keputusan yang belum selesai")[1].split("Status keputusan bulan")[0]
    assert "terlambat 14 hari" in belum and "TL-2026-10-DINKES-K01" in belum
    assert "Keterlambatan dihitung pada tanggal rapat 14 Desember 2026" in belum
    riwayat = page.split("Status keputusan bulan demi bulan")[1]
    assert "Okt 2026" in riwayat and "Nov 2026" in riwayat and "dibawa" in riwayat
    assert "Format laporan mingguan disusun" in page  # the OPD's progress note
    for bad in ("00:00:00", "NaN", "nan<", "None", "status_bulan", "True", "False"):
        assert bad not in page, bad
    kode_dinkes = ref_of(root).opd.set_index("singkatan").loc["DINKES", "kode_opd"]
    dinkes = opd_page.tindak_lanjut(ctx, kode_dinkes).data
    assert "TL-2026-10-DINKES-K01" in dinkes and "TL-2026-10-DPUPR" not in dinkes
    kode_dishub = ref_of(root).opd.set_index("singkatan").loc["DISHUB", "kode_opd"]
    assert (
        "Belum ada keputusan rakor untuk OPD ini" in opd_page.tindak_lanjut(ctx, kode_dishub).data
    )

    # the notulen and one letter per OPD with a decision still open
    assert invoke("keputusan", ["--root", str(root), "--periode", NOV, "--dokumen"]) == 0
    out = wb.periode_dir(NOV)
    notulen = _text(out / f"notulen_{NOV}.docx")
    assert "Tanggal rapat: 14 Desember 2026" in notulen
    bagian_b = notulen.split("B. Keputusan rapat sebelumnya yang selesai")[1].split("C. ")[0]
    assert "TL-2026-10-DPUPR-K01" in bagian_b and "Percepat lelang paket jalan" in bagian_b
    bagian_c = notulen.split("C. Keputusan rapat sebelumnya yang terlambat")[1].split("D. ")[0]
    assert "TL-2026-10-DPUPR-K02" in bagian_c and "terlambat 14 hari" in bagian_c
    bagian_d = notulen.split("D. Keputusan rapat sebelumnya yang dibawa")[1]
    assert "TL-2026-10-DINKES-K01" in bagian_d and "dibawa" in bagian_d
    letters = sorted(p.name for p in out.glob("surat_tindak_lanjut_*.docx"))
    assert letters == [
        f"surat_tindak_lanjut_DINKES_{NOV}.docx",
        f"surat_tindak_lanjut_DPUPR_{NOV}.docx",
    ]
    dpupr = _text(out / f"surat_tindak_lanjut_DPUPR_{NOV}.docx")
    ref = ref_of(root)
    assert ref.daerah.pemerintah.upper() in dpupr
    assert "Yth. Kepala " + ref.opd.set_index("singkatan").loc["DPUPR", "nama_opd"] in dpupr
    assert "TL-2026-10-DPUPR-K02" in dpupr and "terlambat 14 hari" in dpupr
    assert "TL-2026-10-DPUPR-K01" not in dpupr  # closed: nothing to follow up
    assert "Desember 2026" in dpupr and "00:00:00" not in dpupr
    # dated on the meeting day at the earliest (today is before it in this test's calendar)
    assert dpupr.split("\n")[3] == max(fmt_tanggal(dt.date.today()), "14 Desember 2026", key=_hari)
    assert "TL-2026-10-DINKES-K01" in _text(out / f"surat_tindak_lanjut_DINKES_{NOV}.docx")


def test_the_rakor_month_lists_its_own_decisions(register):
    root, filled = register
    assert invoke("keputusan", ["--root", str(root), "--muat", str(filled)]) == 0
    forget_contexts()
    assert invoke("keputusan", ["--root", str(root), "--periode", OKT, "--dokumen"]) == 0
    out = Workbook.at(root).periode_dir(OKT)
    notulen = _text(out / f"notulen_{OKT}.docx")
    keputusan = notulen.split("A. Keputusan rapat")[1].split("B. ")[0]
    for _, _, teks, _ in DECISIONS:
        assert teks in keputusan
    assert "20 November 2026" in keputusan and "Tanggal rapat: 16 November 2026" in notulen
    # the sample's October rakor is Asisten II's: letters to its OPDs with a decision, and to
    # any other OPD its register names (DINKES)
    asisten = ref_of(root).opd.set_index("singkatan")["asisten"]
    letters = {p.name.split("_")[3] for p in out.glob("surat_tindak_lanjut_*.docx")}
    assert letters == {"DPUPR", "DINKES"} and asisten["DPUPR"] == "II" != asisten["DINKES"]


def fmt_tanggal(d: dt.date) -> str:
    from monev.present.format import tanggal

    return tanggal(d)


def _hari(text: str) -> dt.date:
    from monev.model.periode import NAMA_BULAN

    d, m, y = text.split()
    return dt.date(int(y), NAMA_BULAN.index(m) + 1, int(d))


def _text(path: Path) -> str:
    """A .docx's text in document order: paragraphs, and each table row as "a | b | c"."""
    body = []
    for block in Document(str(path)).iter_inner_content():
        if hasattr(block, "rows"):
            body += [" | ".join(c.text for c in row.cells) for row in block.rows]
        else:
            body.append(block.text)
    return "\n".join(body)


@pytest.mark.slow
def test_the_published_pages_show_the_decisions(register, tmp_path):
    """A real report run (notebooks executed by the runner, HTML written): the Asisten II rakor
    page and DPUPR's page of November show the October decisions closed, overdue and carried."""
    root, filled = register
    november(root, filled, tmp_path, asisten="II")
    forget_contexts()
    code = invoke("report", ["--root", str(root), "--periode", NOV, "--opd", "DPUPR", "--diam"])
    assert code == 0
    out = Workbook.at(root).periode_dir(NOV)
    rakor = (out / "rakor_asisten-II.html").read_text(encoding="utf-8")
    selesai = rakor.split("Keputusan yang selesai bulan ini")[1].split("Keputusan yang belum")[0]
    assert "TL-2026-10-DPUPR-K01" in selesai and "Percepat lelang paket jalan" in selesai
    belum = rakor.split("Keputusan yang belum selesai")[1].split("Status keputusan bulan")[0]
    assert "TL-2026-10-DPUPR-K02" in belum and "terlambat 14 hari" in belum
    assert "TL-2026-10-DINKES-K01" not in rakor  # DINKES is not Asisten II's
    assert "sebelum tanggal rapat 14 Desember 2026" in rakor  # the footnote
    opd = (out / "opd_DPUPR.html").read_text(encoding="utf-8")
    assert "Format laporan mingguan disusun" in opd and "Nov 2026" in opd


def test_without_a_register_the_pages_say_so_briefly(sample_workbook):
    from monev.present.keputusan import bagian

    text = bagian(open_period(sample_workbook, OKT))
    assert "Belum ada register keputusan rakor" in text and "Keputusan yang" not in text


@pytest.mark.slow
def test_monev_run_loads_a_register_from_the_submissions_folder_and_writes_the_letters(
    register, capsys
):
    """The month's one command: a register dropped beside the OPD files is not taken for an OPD
    submission, is loaded as the rakor's decisions, and the notulen and letters are written."""
    root, filled = register
    wb = Workbook.at(root)
    berkas_before = len(read_table(wb.store, "berkas"))
    dropped = wb.submissions / filled.name
    dropped.write_bytes(filled.read_bytes())
    capsys.readouterr()
    assert invoke("ingest", ["--root", str(root), str(wb.submissions)]) in (0, 1)
    said = capsys.readouterr()
    assert filled.name not in said.out + said.err  # not taken for an OPD's file, not refused
    assert len(read_table(wb.store, "berkas")) == berkas_before
    assert read_table(wb.store, "keputusan").empty
    invoke("run", ["--root", str(root), "--periode", OKT, "--asisten", "II"])
    assert len(read_table(wb.store, "keputusan")) == len(DECISIONS)
    folder = wb.periode_dir(OKT)
    assert (folder / f"notulen_{OKT}.docx").exists()
    assert (folder / f"surat_tindak_lanjut_DPUPR_{OKT}.docx").exists()
