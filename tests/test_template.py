"""OPD templates: layout from monev.model.layout, protection, validation, pre-filled targets and a
filled submission read back from the file itself."""

from __future__ import annotations

import dataclasses
from decimal import ROUND_HALF_UP, Decimal

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from monev.data import readers
from monev.data.reference import load_reference
from monev.data.sample import generate_sample
from monev.data.template import (
    build_book,
    write_submission,
    write_submission_csv,
    write_template,
)
from monev.data.xlsx import save_deterministic
from monev.model import layout
from monev.model.angka import SATUAN_CACAH, parse_angka
from monev.model.kode import KAS_COLUMNS
from monev.model.workbook import Workbook

PERIODE = "2026-02"


@pytest.fixture(scope="module")
def ref(tmp_path_factory):
    root = tmp_path_factory.mktemp("ref")
    generate_sample(root, dari=PERIODE, sampai=PERIODE, opd=["DPUPR"])
    return load_reference(Workbook.at(root).reference)


def _kode(ref, singkatan):
    return ref.opd.set_index("singkatan").loc[singkatan, "kode_opd"]


def _baris(ws):
    """Data rows below the header, as lists, until the first empty code cell."""
    out = []
    for row in ws.iter_rows(min_row=layout.HEADER_ROW + 1, values_only=True):
        if row[0] is None:
            break
        out.append(list(row))
    return out


@pytest.fixture(scope="module")
def kosong(ref, tmp_path_factory):
    kode = _kode(ref, "DPUPR")
    tl = pd.DataFrame(
        {
            "kode_tl": ["TL-2026-01-001"],
            "masalah": ["Serapan rendah"],
            "tindak_lanjut": ["Percepat lelang"],
            "penanggung_jawab": ["Kepala DPUPR"],
            "batas_waktu": [pd.Timestamp("2026-03-31")],
            "status": ["proses"],
            "keterangan": [None],
        }
    )
    path = write_template(ref, kode, PERIODE, tmp_path_factory.mktemp("t"), tl)
    return kode, path, openpyxl.load_workbook(path)


def test_layout_sheets_headers_meta(kosong):
    kode, path, book = kosong
    assert path.name == layout.file_name("DPUPR", PERIODE)
    for b in layout.BAGIAN:
        ws = book[b.sheet]
        headers = [
            ws.cell(row=layout.HEADER_ROW, column=i + 1).value for i in range(len(b.columns))
        ]
        assert headers == b.headers
        assert ws["A1"].value and ws["A2"].value and "Periode" in ws["A3"].value
        assert ws.protection.sheet
    assert layout.INSTRUCTIONS_SHEET in book.sheetnames
    petunjuk = " ".join(str(c.value) for c in book[layout.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "koma" in petunjuk and "tanggal 10" in petunjuk and "nama lembar" in petunjuk
    meta = book[layout.META_SHEET]
    assert meta.sheet_state == "hidden"
    assert [[meta.cell(r, c).value for c in (1, 2)] for r in (1, 2, 3)] == [
        ["kode_opd", kode],
        ["periode", PERIODE],
        ["versi_template", layout.TEMPLATE_VERSION],
    ]


def test_only_opd_cells_unlocked_and_shaded(kosong):
    _, _, book = kosong
    for b in (layout.KINERJA, layout.ANGGARAN):
        ws = book[b.sheet]
        diisi = {i + 1 for i, k in enumerate(b.columns) if k.filled_by == layout.OPD}
        n = len(_baris(ws))
        assert n > 0
        for r in range(layout.HEADER_ROW + 1, layout.HEADER_ROW + 1 + n):
            for c in range(1, len(b.columns) + 1):
                cell = ws.cell(r, c)
                assert cell.protection.locked == (c not in diisi), (b.sheet, cell.coordinate)
                warna = cell.fill.fgColor.rgb
                assert warna.endswith("DDDDDD" if c not in diisi else "FFF2CC")
    # a carried follow-up: only status and keterangan editable; empty rows below fully editable
    ws = book[layout.TINDAK_LANJUT.sheet]
    r0 = layout.HEADER_ROW + 1
    assert ws.cell(r0, 1).value == "TL-2026-01-001" and ws.cell(r0, 1).protection.locked
    assert not ws.cell(r0, 6).protection.locked and not ws.cell(r0, 7).protection.locked
    assert all(not ws.cell(r0 + 1, c).protection.locked for c in range(1, 8))


def test_data_validation_present(kosong):
    _, _, book = kosong
    ws = book[layout.KINERJA.sheet]
    dvs = ws.data_validations.dataValidation
    assert {d.type for d in dvs} >= {"decimal"}
    persen = [d for d in dvs if d.operator == "between" and d.formula2 == "100"]
    baris_persen = [i for i, r in enumerate(_baris(ws), layout.HEADER_ROW + 1) if r[2] == "%"]
    if baris_persen:
        assert persen and all(f"E{r}" in persen[0].sqref for r in baris_persen)
    tl = book[layout.TINDAK_LANJUT.sheet].data_validations.dataValidation
    status = [d for d in tl if d.type == "list"]
    assert status and status[0].formula1 == '"belum,proses,selesai"'
    ang = book[layout.ANGGARAN.sheet].data_validations.dataValidation
    assert any(d.formula2 == "100" for d in ang) and any(
        d.operator == "greaterThanOrEqual" for d in ang
    )


def test_prefilled_targets_prorated_and_budget_plan(kosong, ref):
    kode, _, book = kosong
    rows = {r[0]: r for r in _baris(book[layout.KINERJA.sheet])}
    ind = ref.indikator.set_index("kode_indikator")
    t = ref.target[(ref.target["tahun"] == 2026) & (ref.target["jenis"] == "tahunan")]
    diuji = 0
    for k, row in rows.items():
        tt = t[t["kode_indikator"] == k]
        sub = ref.target[(ref.target["kode_indikator"] == k) & (ref.target["tahun"] == 2026)]
        if len(tt) != 1 or pd.isna(tt["target"].iloc[0]) or set(sub["jenis"]) != {"tahunan"}:
            continue
        annual = float(tt["target"].iloc[0])
        expect = annual * 2 / 12 if ind.loc[k, "sifat"] == "kumulatif" else annual
        if ind.loc[k, "satuan"] in SATUAN_CACAH and ind.loc[k, "sifat"] != "rata-rata":
            expect = float(Decimal(str(expect)).quantize(Decimal("1"), ROUND_HALF_UP))
            assert "," not in str(row[3]), (k, row[3])  # never "11,92 laporan"
        shown = float(str(row[3]).replace(".", "").replace(",", "."))
        assert shown == pytest.approx(expect, rel=1e-2, abs=0.01), (k, row[3])
        diuji += 1
    assert diuji >= 5
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    plan = ang.set_index("kode_kegiatan")[list(KAS_COLUMNS[:2])].sum(axis=1)
    for r in _baris(book[layout.ANGGARAN.sheet]):
        assert r[3] == pytest.approx(plan[r[0]])
        assert r[2] == pytest.approx(ang.set_index("kode_kegiatan").loc[r[0], "pagu"])


def test_kumulatif_says_total_from_january(kosong, ref):
    _, _, book = kosong
    ind = ref.indikator.set_index("kode_indikator")
    rows = _baris(book[layout.KINERJA.sheet])
    kum = [r for r in rows if ind.loc[r[0], "sifat"] == "kumulatif"]
    assert kum and all(r[1].endswith("(kumulatif: total Januari s.d. Februari)") for r in kum)
    assert all("kumulatif" not in r[1] for r in rows if r not in kum)
    petunjuk = " ".join(str(c.value) for c in book[layout.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "total dari Januari" in petunjuk


@pytest.mark.parametrize("target_cacah", ["terdekat", "ke_atas", "pecahan"])
def test_template_shows_the_target_the_engine_evaluates(sample_workbook, target_cacah, tmp_path):
    """Quarterly and monthly targets, pro-rated counts and ranges: the template's Target cell
    equals the engine's period target of the same month, as printed."""
    from monev.data.store import read_table
    from monev.engine.evaluasi import evaluasi
    from monev.model.angka import format_angka_id, format_rentang
    from monev.model.settings import Settings

    wb = Workbook.at(sample_workbook)
    ref0 = load_reference(wb.reference)
    dpupr = _kode(ref0, "DPUPR")
    ind = ref0.indikator[ref0.indikator["kode_opd"] == dpupr].set_index("kode_indikator")
    kum = [k for k in ind.index if ind.loc[k, "sifat"] == "kumulatif"]
    kum.sort(key=lambda k: ind.loc[k, "satuan"] not in SATUAN_CACAH)  # a count first
    assert ind.loc[kum[0], "satuan"] in SATUAN_CACAH
    lain = [k for k in ind.index if ind.loc[k, "sifat"] != "kumulatif"]
    extra = [
        # quarterly targets (cumulative for a kumulatif indicator) and one monthly target
        *[(kum[0], 2026, "triwulan", q, v, None, None) for q, v in ((3, 7.0), (4, 14.0))],
        *[(lain[0], 2026, "triwulan", q, v, None, None) for q, v in ((3, 60.5), (4, 61.25))],
        (lain[1], 2026, "bulanan", 10, 33.333, None, None),
    ]
    tgt = pd.concat(
        [ref0.target, pd.DataFrame(extra, columns=list(ref0.target.columns)[:7])],
        ignore_index=True,
    )
    ref1 = dataclasses.replace(ref0, target=tgt)
    settings = Settings(target_cacah=target_cacah)
    tables = {t: read_table(wb.store, t) for t in ("realisasi", "keuangan", "tindak_lanjut")}
    ev = evaluasi(ref1, tables["realisasi"], tables["keuangan"], tables["tindak_lanjut"],
                  "2026-10", settings)  # fmt: skip
    mesin = ev.indikator[ev.indikator["kode_opd"].astype(str) == dpupr].set_index("kode_indikator")
    book = build_book(ref1, dpupr, "2026-10", settings=settings)
    rows = {r[0]: r[3] for r in _baris(book[layout.KINERJA.sheet])}
    assert set(rows) == set(mesin.index.astype(str))
    for k, shown in rows.items():
        m = mesin.loc[k]
        cacah = ind.loc[k, "satuan"] in SATUAN_CACAH and target_cacah != "pecahan"
        d = 0 if cacah else 2
        if pd.notna(m["target"]):
            want = format_angka_id(m["target"], d)
        elif pd.notna(m["target_bawah"]):
            want = format_rentang(m["target_bawah"], m["target_atas"], d)
        else:
            want = None
        assert (shown or None) == want, (k, shown, want, m["sumber_target"])
        if cacah and want:
            assert float(m["target"]) == int(m["target"])  # the engine evaluates it whole too
    # the quarterly targets reached both: linear inside the quarter for the kumulatif one
    assert mesin.loc[kum[0], "sumber_target"] == "triwulan"
    assert mesin.loc[lain[0], "target"] == 61.25 and rows[lain[0]] == "61,25"
    assert mesin.loc[lain[1], "target"] == pytest.approx(33.333)
    q4 = 7.0 + (14.0 - 7.0) * 1 / 3  # October: a third of the way from Q3's 7 to Q4's 14
    if ind.loc[kum[0], "satuan"] in SATUAN_CACAH:
        q4 = {"terdekat": 9.0, "ke_atas": 10.0, "pecahan": q4}[target_cacah]
    assert mesin.loc[kum[0], "target"] == pytest.approx(q4)


def test_range_target_shown_as_text(ref, tmp_path):
    rentang = ref.target[ref.target["target_bawah"].notna() & (ref.target["tahun"] == 2026)]
    assert not rentang.empty
    k = rentang["kode_indikator"].iloc[0]
    kode = ref.indikator.set_index("kode_indikator").loc[k, "kode_opd"]
    book = openpyxl.load_workbook(write_template(ref, kode, PERIODE, tmp_path))
    row = {r[0]: r for r in _baris(book[layout.KINERJA.sheet])}[k]
    assert "–" in row[3], row[3]
    lo, hi = (float(x.replace(".", "").replace(",", ".")) for x in row[3].split("–"))
    assert lo < hi


def test_filled_submission_round_trips(ref, tmp_path):
    kode = _kode(ref, "DPUPR")
    ind = sorted(ref.indikator.loc[ref.indikator["kode_opd"] == kode, "kode_indikator"])
    nilai = [12.5, "1.234,5", "belum ada data", None] + [float(i) for i in range(len(ind) - 4)]
    kinerja = pd.DataFrame(
        {"kode_indikator": ind, "realisasi": nilai, "kendala": "cuaca", "sumber_data": "SIPD"}
    )
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": sorted(ang["kode_kegiatan"]),
            "realisasi_keuangan": 1_000_000.0,
            "realisasi_fisik": 7.5,
            "kendala": None,
        }
    )
    tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    path = write_submission(tmp_path / "x.xlsx", ref, kode, PERIODE, kinerja, anggaran, tl)
    book = openpyxl.load_workbook(path)
    rows = _baris(book[layout.KINERJA.sheet])
    assert [r[0] for r in rows] == ind
    assert [r[4] for r in rows] == nilai
    assert {r[5] for r in rows} == {"cuaca"}
    arows = _baris(book[layout.ANGGARAN.sheet])
    assert [(r[0], r[4], r[5]) for r in arows] == [
        (k, 1_000_000.0, 7.5) for k in anggaran["kode_kegiatan"]
    ]
    # deterministic bytes
    again = write_submission(tmp_path / "y.xlsx", ref, kode, PERIODE, kinerja, anggaran, tl)
    assert again.read_bytes() == path.read_bytes()
    # CSV variant: ';', BOM, Indonesian numbers, text kept as is
    csvs = write_submission_csv(tmp_path / "csv", ref, kode, PERIODE, kinerja, anggaran, tl)
    assert [p.name for p in csvs] == [
        layout.file_name("DPUPR", PERIODE, b.name) for b in layout.BAGIAN
    ]
    assert csvs[0].read_bytes().startswith(b"\xef\xbb\xbf")
    back = pd.read_csv(csvs[0], sep=";", encoding="utf-8-sig", dtype=str, keep_default_na=False)
    assert list(back.columns) == layout.KINERJA.headers
    real = list(back["Realisasi"])
    assert parse_angka(real[0]).nilai == 12.5 and real[1:4] == ["1.234,5", "belum ada data", ""]
    assert [parse_angka(x).nilai for x in real[4:]] == nilai[4:]


def test_a_column_added_in_the_layout_reaches_template_and_readers(ref, tmp_path):
    """Adding a template column is one ``Kolom`` in the layout: here inserted before Kendala, so
    every later column shifts, and writer (xlsx and CSV) and readers follow without other edits."""
    extra = layout.Kolom(
        "Jumlah Penerima", "jumlah_penerima", layout.OPD, width=21, validation="number"
    )
    before = layout.KINERJA.columns[:5]
    kinerja = dataclasses.replace(
        layout.KINERJA, columns=(*before, extra, *layout.KINERJA.columns[5:])
    )
    parts = (kinerja, layout.ANGGARAN, layout.TINDAK_LANJUT)
    kode = _kode(ref, "DPUPR")
    ind = sorted(ref.indikator.loc[ref.indikator["kode_opd"] == kode, "kode_indikator"])
    frame = pd.DataFrame(
        {
            "kode_indikator": ind,
            "realisasi": 12.5,
            "jumlah_penerima": [float(i) for i in range(len(ind))],
            "kendala": "cuaca",
            "sumber_data": "SIPD",
        }
    )
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": sorted(ang["kode_kegiatan"]),
            "realisasi_keuangan": 1.0,
            "realisasi_fisik": 1.0,
            "kendala": None,
        }
    )
    tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    path = tmp_path / "x.xlsx"
    save_deterministic(build_book(ref, kode, PERIODE, frame, anggaran, tl, parts=parts), path)

    letter = get_column_letter(kinerja.position("jumlah_penerima"))
    assert letter == "F"
    ws = openpyxl.load_workbook(path)[kinerja.sheet]
    assert [c.value for c in ws[layout.HEADER_ROW]] == kinerja.headers
    assert ws.column_dimensions[letter].width == 21
    rows = _baris(ws)
    assert [r[5] for r in rows] == list(frame["jumlah_penerima"])
    assert [(r[6], r[7]) for r in rows] == [("cuaca", "SIPD")] * len(ind)  # shifted right
    first = ws[f"{letter}{layout.HEADER_ROW + 1}"]
    assert not first.protection.locked and first.fill.fgColor.rgb.endswith("FFF2CC")
    validated = " ".join(str(d.sqref) for d in ws.data_validations.dataValidation)
    assert f"{letter}{layout.HEADER_ROW + 1}" in validated

    _, tables, _ = readers.read_xlsx(path, parts)
    table = tables["kinerja"]
    assert table.header["jumlah_penerima"] == "Jumlah Penerima"
    assert [r["jumlah_penerima"].value for r in table.rows] == list(frame["jumlah_penerima"])
    assert {r["jumlah_penerima"].ref[0] for r in table.rows} == {letter}
    assert {r["kendala"].value for r in table.rows} == {"cuaca"}

    csvs = write_submission_csv(
        tmp_path / "csv", ref, kode, PERIODE, frame, anggaran, tl, parts=parts
    )
    table = readers.read_csv(csvs[0], kinerja)
    got = [parse_angka(r["jumlah_penerima"].value).nilai for r in table.rows]
    assert got == list(frame["jumlah_penerima"])
    assert {r["jumlah_penerima"].ref[0] for r in table.rows} == {letter}


def test_template_command_uses_the_months_settings(sample_workbook_copy, capsys):
    # params/<periode>.yaml's settings reach the Target cells (here: counts rounded up)
    from monev.cli import main

    wb = Workbook.at(sample_workbook_copy)
    wb.params.mkdir(parents=True, exist_ok=True)
    (wb.params / "2026-11.yaml").write_text("settings:\n  target_cacah: ke_atas\n")
    ref0 = load_reference(wb.reference)
    ind = ref0.indikator.set_index("kode_indikator")
    assert main(["template", "--root", str(sample_workbook_copy), "--periode", "2026-11",
                 "--opd", "DPUPR"]) == 0  # fmt: skip
    path = capsys.readouterr().out.strip().splitlines()[-1]
    rows = {r[0]: r[3] for r in _baris(openpyxl.load_workbook(path)[layout.KINERJA.sheet])}
    # a pro-rated count: 11/12 of the annual target, rounded up (ceiling), no decimals
    from math import ceil

    from monev.model.angka import format_angka_id

    diuji = 0
    for k, shown in rows.items():
        if ind.loc[k, "satuan"] not in SATUAN_CACAH or ind.loc[k, "sifat"] != "kumulatif":
            continue
        t = ref0.target[(ref0.target["kode_indikator"] == k) & (ref0.target["tahun"] == 2026)]
        annual = float(t.loc[t["jenis"] == "tahunan", "target"].iloc[0])
        want = format_angka_id(ceil(round(annual * 11 / 12, 6)), 0)
        assert shown == want, (k, shown, annual)
        diuji += 1
    assert diuji >= 1
