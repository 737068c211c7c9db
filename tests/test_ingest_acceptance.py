"""Issue 12, no silent acceptance: each case in a real file built here, loaded through
``monev ingest``; the exit code, the cell named, and the store unchanged after a refusal.

Plausibility bounds per indicator (reference columns ``nilai_min``, ``nilai_maks``,
``boleh_negatif`` with defaults by unit), a percent-formatted cell or a % sign in a non-%
indicator, an ambiguous thousands dot, a blank template (``kosong``), a follow-up code of another
OPD; and the messages: Indonesian numbers and dates, long values cut, ``--lang en`` everywhere.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import string

import pandas as pd
import pytest
from ingest_fixtures import (
    edit_cell,
    indicator,
    opd_code,
    own_indicators,
    realisasi_cell,
    ref_of,
    submission,
)

from monev.cli import main
from monev.data import readers
from monev.data.ingest import MESSAGES, ingest_files
from monev.data.ingest.sheets import KOSONG_SHARE
from monev.data.store import read_table
from monev.model import layout
from monev.model.workbook import Workbook

# a month the sample store has no data for: every file here is the first of its OPD and month
BULAN = "2026-11"
TABLES = ("berkas", "realisasi", "keuangan", "tindak_lanjut", "temuan_muat")


def snapshot(root) -> dict[str, str]:
    store = Workbook.at(root).store
    out = {}
    for t in TABLES:
        frame = read_table(store, t)
        out[t] = frame.sort_values(list(frame.columns)).to_csv(index=False)
    return out


@pytest.fixture
def wb(sample_workbook_copy, tmp_path):
    (tmp_path / "masuk").mkdir()
    return sample_workbook_copy, tmp_path / "masuk"


def ingest(root, path, capsys, lang="id") -> tuple[int, pd.DataFrame, str]:
    """``monev ingest`` on one file: (exit code, the findings file it writes, what it printed)."""
    report = path.parent / f"temuan_{path.stem}.csv"
    code = main(
        ["ingest", "--root", str(root), "--lang", lang, "--laporan-galat", str(report), str(path)]
    )
    out = capsys.readouterr()
    table = pd.read_csv(report, dtype=str, keep_default_na=False, encoding="utf-8-sig", sep=";")
    return code, table, out.out + out.err


def at(table: pd.DataFrame, cell: str, sheet: str = "Kinerja") -> pd.DataFrame:
    return table[(table["sel"] == cell) & (table["lembar"] == sheet)]


def is_message(key: str, text: str) -> bool:
    """Whether ``text`` is the Indonesian message ``key`` of the catalogue, whatever its fields."""
    parts = re.split(r"\{[^}]*\}", MESSAGES[key].id)
    return re.fullmatch(".*".join(map(re.escape, parts)), text, re.DOTALL) is not None


def stored(root, singkatan: str, kode_indikator: str, periode: str = BULAN) -> float:
    ref = ref_of(root)
    r = read_table(Workbook.at(root).store, "realisasi")
    row = r[
        (r["kode_opd"] == opd_code(ref, singkatan))
        & (r["periode"] == periode)
        & (r["kode_indikator"] == kode_indikator)
    ]
    assert len(row) == 1
    return float(row["realisasi"].iloc[0])


def bapperida_values(**by_code) -> dict:
    """A valid realisasi for each Bapperida indicator (the Gini index on its 0–1 scale)."""
    values = {"IKU-06": 0.25}
    values.update(by_code)
    return values


# ----------------------------------------------------------------------- plausibility bounds


def test_negative_growth_rate_loads(wb, capsys):
    """LPE −1,5 %: a growth rate may be negative (indikator.csv boleh_negatif = ya)."""
    root, folder = wb
    ref = ref_of(root)
    realisasi = {k: 50.0 for k in own_indicators(ref, "BAPPERIDA")["kode_indikator"]}
    path = submission(
        root, folder, "BAPPERIDA", BULAN, realisasi | bapperida_values(**{"IKU-05": "-1,5"})
    )
    code, table, out = ingest(root, path, capsys)
    assert code == 0, out
    assert stored(root, "BAPPERIDA", "IKU-05") == -1.5
    assert at(table, realisasi_cell(ref, "IKU-05", "BAPPERIDA")).empty


def test_negative_rate_without_negatives_allowed_is_refused(wb, capsys):
    """TPT −1,5 %: an unemployment rate is a share, 0–100 (no boleh_negatif)."""
    root, folder = wb
    ref = ref_of(root)
    realisasi = {k: 50.0 for k in own_indicators(ref, "BAPPERIDA")["kode_indikator"]}
    path = submission(
        root, folder, "BAPPERIDA", BULAN, realisasi | bapperida_values(**{"IKU-04": "-1,5"})
    )
    before = snapshot(root)
    code, table, _out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, realisasi_cell(ref, "IKU-04", "BAPPERIDA")).itertuples()
    assert row.tingkat == "Galat" and row.kolom == "Realisasi"
    assert "-1,5" in row.pesan and "0 sampai 100" in row.pesan
    assert snapshot(root) == before


def test_implausible_growth_rate_loads_with_a_warning(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    realisasi = {k: 50.0 for k in own_indicators(ref, "BAPPERIDA")["kode_indikator"]}
    path = submission(
        root, folder, "BAPPERIDA", BULAN, realisasi | bapperida_values(**{"IKU-05": 150.0})
    )
    code, table, out = ingest(root, path, capsys)
    assert code == 0, out
    cell = realisasi_cell(ref, "IKU-05", "BAPPERIDA")
    (row,) = at(table, cell).itertuples()
    assert row.tingkat == "Peringatan" and "150" in row.pesan and "100" in row.pesan
    assert stored(root, "BAPPERIDA", "IKU-05") == 150.0
    temuan = read_table(Workbook.at(root).store, "temuan_muat")
    assert (temuan["sel"] == cell).any()  # recorded with the file


# (OPD, which indicator, value typed, expected message key, text the message must contain)
IMPOSSIBLE = [
    ("DPUPR", dict(satuan="%"), 150.0, "luar_batas", "0 sampai 100"),
    ("DPUPR", dict(satuan="km"), "-3", "luar_batas", "paling kecil 0"),
    ("DPUPR", dict(satuan="unit"), "3,5", "bukan_bulat", "contoh 4"),
    ("DPUPR", dict(satuan="unit"), -2.0, "luar_batas", "paling kecil 0"),
    ("DPUPR", dict(satuan="indeks"), 120.0, "luar_batas", "0 sampai 100"),
    ("BAPPERIDA", dict(kode_indikator="IKU-06"), 25.0, "luar_batas", "0 sampai 1)"),
    ("DPUPR", dict(satuan="%"), 1e300, "terlalu_besar", "1.000.000.000.000.000.000"),
    ("DPUPR", dict(satuan="km"), 1e300, "terlalu_besar", "karakter"),
]


@pytest.mark.parametrize(
    ("singkatan", "where", "value", "key", "text"),
    IMPOSSIBLE,
    ids=[f"{c[0]}-{next(iter(c[1].values()))}-{c[2]}" for c in IMPOSSIBLE],
)
def test_impossible_value_is_refused_at_its_cell(wb, capsys, singkatan, where, value, key, text):
    root, folder = wb
    ref = ref_of(root)
    kode = indicator(ref, singkatan, **where)
    realisasi = {k: 50.0 for k in own_indicators(ref, singkatan)["kode_indikator"]}
    if singkatan == "BAPPERIDA":
        realisasi |= bapperida_values()
    path = submission(root, folder, singkatan, BULAN, realisasi)
    cell = realisasi_cell(ref, kode, singkatan)
    edit_cell(path, "Kinerja", cell, value)
    before = snapshot(root)
    code, table, _out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, cell).itertuples()
    assert row.tingkat == "Galat" and text in row.pesan, row.pesan
    assert kode in row.pesan or key == "terlalu_besar"
    assert is_message(key, row.pesan)
    assert snapshot(root) == before


def test_huge_budget_value_is_refused_at_its_cell(wb, capsys):
    root, folder = wb
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Anggaran", "E5", 1e300)
    before = snapshot(root)
    code, table, out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, "E5", "Anggaran").itertuples()
    assert "1.000.000.000" in row.pesan and "…" in row.pesan and len(row.pesan) < 400
    assert "e+300" not in out and "e+300" not in row.pesan
    assert snapshot(root) == before


# ----------------------------------------------------------------- percent and thousands dot


def test_percent_formatted_cell_in_a_non_percent_indicator_is_refused(wb, capsys):
    """0,855 formatted as 85,5 % in a km indicator: 85,5 km or 0,855 km? Never 85,5 silently."""
    root, folder = wb
    ref = ref_of(root)
    kode = indicator(ref, satuan="km")
    cell = realisasi_cell(ref, kode)
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", cell, 0.855, "0.0%")
    before = snapshot(root)
    code, table, _out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, cell).itertuples()
    assert "persen" in row.pesan and "85,5" in row.pesan and "0,855" in row.pesan
    assert "km" in row.pesan and row.nilai == "0,855"
    assert snapshot(root) == before


def test_percent_formatted_cell_in_a_percent_indicator_loads(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    kode = indicator(ref, satuan="%")
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", realisasi_cell(ref, kode), 0.855, "0.0%")
    code, _, out = ingest(root, path, capsys)
    assert code == 0, out
    assert stored(root, "DPUPR", kode) == pytest.approx(85.5)


def test_percent_sign_in_a_non_percent_indicator_is_refused(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    cell = realisasi_cell(ref, indicator(ref, satuan="km"))
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", cell, "12 %")
    before = snapshot(root)
    code, table, _ = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, cell).itertuples()
    assert "%" in row.pesan and "km" in row.pesan
    assert snapshot(root) == before


@pytest.mark.parametrize(
    ("singkatan", "where"),
    [
        ("DPUPR", dict(satuan="indeks")),
        ("DISTAN", dict(satuan="indeks")),
        ("DPUPR", {"satuan": "%"}),
    ],
    ids=["indeks-0-100", "indeks-tanpa-batas-atas", "persen"],
)
def test_ambiguous_thousands_dot_in_a_small_scale_is_refused(wb, capsys, singkatan, where):
    """ "2.125" in an index is 2,125 mistyped, not 2125: refused with "Tulis 2,125"."""
    root, folder = wb
    ref = ref_of(root)
    kode = indicator(ref, singkatan, **where)
    cell = realisasi_cell(ref, kode, singkatan)
    path = submission(root, folder, singkatan, BULAN)
    edit_cell(path, "Kinerja", cell, "2.125")
    before = snapshot(root)
    code, table, _ = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, cell).itertuples()
    assert "Tulis 2,125" in row.pesan and "2.125" in row.pesan and row.kolom == "Realisasi"
    assert snapshot(root) == before


def test_thousands_dot_in_a_large_unit_still_reads_as_thousands(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    kode = indicator(ref, satuan="km")
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", realisasi_cell(ref, kode), "2.125")
    code, _, out = ingest(root, path, capsys)
    assert code == 0, out
    assert stored(root, "DPUPR", kode) == 2125.0


# ------------------------------------------------------------------------------ kosong


def expected_cells(root, singkatan="DPUPR", tahun=2026) -> int:
    ref = ref_of(root)
    kode = opd_code(ref, singkatan)
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == tahun)]
    return len(own_indicators(ref, singkatan)) + 2 * len(ang)


def kosong_state(root, singkatan="DPUPR", periode=BULAN) -> dict:
    store = Workbook.at(root).store
    kode = opd_code(ref_of(root), singkatan)
    mine = {
        t: (lambda f: f[(f["kode_opd"] == kode) & (f["periode"] == periode)])(read_table(store, t))
        for t in ("berkas", "realisasi", "keuangan", "tindak_lanjut")
    }
    temuan = read_table(store, "temuan_muat")
    return {**mine, "temuan_muat": temuan[temuan["sha256"].isin(mine["berkas"]["sha256"])]}


def follow_up(kode_tl: str) -> pd.DataFrame:
    return pd.DataFrame(
        [
            dict(
                kode_tl=kode_tl,
                masalah="Serapan rendah",
                tindak_lanjut="Percepat lelang",
                penanggung_jawab="Sekretaris",
                batas_waktu=dt.date(2026, 12, 31),
                status="proses",
                keterangan=None,
            )
        ],
        columns=layout.TINDAK_LANJUT.names,
    )


@pytest.mark.parametrize("filled", [0, 1, "below"], ids=["kosong", "satu-nilai", "di-bawah-ambang"])
def test_blank_or_near_blank_template_is_kosong_never_data(wb, capsys, filled):
    root, folder = wb
    ref = ref_of(root)
    codes = list(own_indicators(ref)["kode_indikator"])
    expected = expected_cells(root)
    n = math.ceil(KOSONG_SHARE * expected) - 1 if filled == "below" else filled
    realisasi = {k: 50.0 for k in codes[:n]}
    path = submission(
        root, folder, periode=BULAN, realisasi=realisasi, keuangan=None, fisik=None,
        tindak_lanjut=follow_up("TL-2026-10-DPUPR"),
    )  # fmt: skip
    before = snapshot(root)
    code, table, out = ingest(root, path, capsys)
    assert code == 0, out
    assert "KOSONG" in out
    state = kosong_state(root)
    assert len(state["berkas"]) == 1  # recorded: the OPD sent a file this month
    assert state["realisasi"].empty and state["keuangan"].empty and state["tindak_lanjut"].empty
    (pesan,) = state["temuan_muat"]["pesan"]
    assert pesan.startswith("Berkas kosong") and f"{n} dari {expected}" in pesan
    assert (table["pesan"].str.startswith("Berkas kosong")).sum() == 1
    assert ingest_files(Workbook.at(root), [path]).berkas[0].status == "sama"
    after = snapshot(root)
    for t in ("realisasi", "keuangan", "tindak_lanjut"):
        assert after[t] == before[t]  # no row of the kosong file became data


def test_file_just_above_the_kosong_share_is_data(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    codes = list(own_indicators(ref)["kode_indikator"])
    n = math.ceil(KOSONG_SHARE * expected_cells(root))
    path = submission(
        root, folder, periode=BULAN, realisasi={k: 50.0 for k in codes[:n]}, keuangan=None,
        fisik=None,
    )  # fmt: skip
    code, _table, out = ingest(root, path, capsys)
    assert code == 0 and "KOSONG" not in out, out
    state = kosong_state(root)
    assert state["realisasi"]["realisasi"].notna().sum() == n


# ---------------------------------------------------------------------------- tindak lanjut


def test_follow_up_code_of_another_opd_is_refused(wb, capsys):
    root, folder = wb
    path = submission(root, folder, periode=BULAN, tindak_lanjut=follow_up("TL-2026-08-DINKES"))
    before = snapshot(root)
    code, table, _ = ingest(root, path, capsys)
    assert code == 1
    cell = f"A{layout.HEADER_ROW + 1}"
    (row,) = at(table, cell, layout.TINDAK_LANJUT.sheet).itertuples()
    assert row.kolom == "Kode" and "DINKES" in row.pesan and "DPUPR" in row.pesan
    assert snapshot(root) == before


@pytest.mark.parametrize("kode_tl", ["TL-2026-08-DPUPR", "TL-2026-11-DPUPR-B02", "TL-RAKOR-7"])
def test_own_or_free_follow_up_codes_load(wb, capsys, kode_tl):
    root, folder = wb
    path = submission(root, folder, periode=BULAN, tindak_lanjut=follow_up(kode_tl))
    code, _, out = ingest(root, path, capsys)
    assert code == 0, out
    tl = read_table(Workbook.at(root).store, "tindak_lanjut")
    assert kode_tl in set(tl["kode_tl"])


# ---------------------------------------------------------------------------------- messages


def test_date_typed_into_a_number_prints_as_an_indonesian_date(wb, capsys):
    root, folder = wb
    ref = ref_of(root)
    cell = realisasi_cell(ref, indicator(ref, satuan="%"))
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", cell, dt.datetime(2026, 10, 31))
    code, table, out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, cell).itertuples()
    assert "31 Oktober 2026" in row.pesan and row.nilai == "31 Oktober 2026"
    assert "00:00" not in out and "2026-10-31" not in out
    code, table, out = ingest(root, path, capsys, lang="en")
    (row,) = at(table, cell).itertuples()
    assert "31 October 2026" in row.pesan and "00:00" not in out


def test_long_value_is_cut_with_its_length(wb, capsys):
    """A 50 000-character value (longer than an Excel cell holds) is shown cut, with its length."""
    root, folder = wb
    ref = ref_of(root)
    codes = own_indicators(ref, "DUKCAPIL")["kode_indikator"]
    path = folder / f"DUKCAPIL_{BULAN}_kinerja.csv"
    rows = [f"{k};{'x' * 50_000 if i == 0 else '50'}" for i, k in enumerate(codes)]
    path.write_text("Kode Indikator;Realisasi\n" + "\n".join(rows) + "\n", encoding="utf-8")
    before = snapshot(root)
    code, table, out = ingest(root, path, capsys)
    assert code == 1
    (row,) = at(table, "B2", path.name).itertuples()
    assert "50.000 karakter" in row.pesan and "…" in row.pesan and len(row.pesan) < 300
    assert len(row.nilai) < 100 and "50.000 karakter" in row.nilai
    assert len(out) < 5_000
    code, table, out = ingest(root, path, capsys, lang="en")
    assert "50,000" not in out and "50.000 characters" in table["pesan"].iloc[0]
    assert snapshot(root) == before


def test_numbers_in_messages_are_indonesian(wb, capsys):
    root, folder = wb
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Anggaran", "F5", 150.5)
    code, table, _ = ingest(root, path, capsys)
    assert code == 1
    found = at(table, "F5", "Anggaran")
    (row,) = found[found["tingkat"] == "Galat"].itertuples()
    assert "150,5" in row.pesan and "150.5" not in row.pesan and row.nilai == "150,5"


def _bad_files(folder):
    """(file, message key) for every refusal of a whole file that a test can build."""
    yield folder / "DPUPR_2026-11.xls", b"\xd0\xcf\x11\xe0" + b"0" * 100, "berkas_xls"
    yield folder / "DPUPR_2026-11.xlsm", b"PK", "berkas_makro"
    yield folder / "DPUPR_2026-11.ods", b"PK", "berkas_jenis"
    yield folder / "DPUPR_2026-11.xlsx", b"\xd0\xcf\x11\xe0" + b"0" * 100, "berkas_sandi"
    yield folder / "DPUPR_2026-11.xlsx", b"bukan zip", "berkas_rusak"
    yield folder / "DPUPR_2026-11_lain.csv", b"a;b\n1;2\n", "nama_csv"


@pytest.mark.parametrize(
    "n", range(6), ids=[k for _, _, k in _bad_files(__import__("pathlib").Path())]
)
def test_lang_en_covers_file_level_refusals(wb, capsys, n):
    root, folder = wb
    path, content, key = list(_bad_files(folder))[n]
    path.write_bytes(content)
    before = snapshot(root)
    code, table, out = ingest(root, path, capsys, lang="en")
    assert code == 1
    (row,) = table.itertuples()
    english = MESSAGES[key].en.split("{")[0][:30]
    indonesian = MESSAGES[key].id.split("{")[0][:30]
    assert english in row.pesan and english in out and indonesian not in out
    assert row.tingkat == "Error" and "REFUSED" in out
    code, table, out = ingest(root, path, capsys, lang="id")
    assert indonesian in table["pesan"].iloc[0] and "DITOLAK" in out
    assert snapshot(root) == before


def _fields(text: str) -> set[str]:
    return {name.split("!")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_has_both_languages(key):
    message = MESSAGES[key]
    assert message.severity in ("galat", "peringatan")
    assert message.id.strip() and message.en.strip()
    assert message.id != message.en, key  # an English text of its own, not the Indonesian
    assert ("value" in _fields(message.id)) == ("value" in _fields(message.en)), key
    fields = {name: "X" for name in _fields(message.id) | _fields(message.en)}
    for text in (message.id, message.en):
        assert "{" not in text.format(**fields)


def test_the_readers_file_refusals_are_in_the_catalogue():
    assert set(readers.FILE_MESSAGES) <= set(MESSAGES)
    for key in readers.FILE_MESSAGES:
        assert MESSAGES[key].severity == "galat"


# ------------------------------------------------------------- the rules themselves, pure


@pytest.mark.parametrize(
    ("args", "minimum", "maksimum", "wajar", "bulat", "kecil"),
    [
        (("%", "terakhir"), 0.0, 100.0, None, False, True),
        (("%", "terakhir", None, None, "ya"), -100.0, None, 100.0, False, True),
        (("%", "terakhir", None, 150.0), 0.0, 150.0, None, False, True),
        (("orang", "kumulatif"), 0.0, None, None, True, False),
        (("orang", "rata-rata"), 0.0, None, None, False, False),
        (("indeks", "terakhir"), 0.0, None, None, False, True),
        (("indeks", "terakhir", None, 1.0), 0.0, 1.0, None, False, True),
        (("indeks", "terakhir", None, 5000.0), 0.0, 5000.0, None, False, False),
        (("km", "kumulatif"), 0.0, None, None, False, False),
        (("poin", "terakhir", -10.0, 10.0, "ya"), -10.0, 10.0, None, False, True),
        (("Rp miliar", "kumulatif", None, None, "tidak"), 0.0, None, None, False, False),
        (("km", "kumulatif", float("nan"), pd.NA, pd.NA), 0.0, None, None, False, False),
    ],
)
def test_bounds_by_unit_and_reference_columns(args, minimum, maksimum, wajar, bulat, kecil):
    from monev.model.angka import batas_indikator

    b = batas_indikator(*args)
    assert (b.minimum, b.maksimum, b.wajar_maks, b.bulat, b.kecil) == (
        minimum,
        maksimum,
        wajar,
        bulat,
        kecil,
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.855, "0,855"),
        (2125.0, "2.125"),
        (-1.5, "-1,5"),
        (150.0, "150"),
        (12000.0, "12.000"),
        (1e300, "1" + ".000" * 100),
        (float("inf"), "∞"),
    ],
)
def test_values_print_the_indonesian_way(value, text):
    from monev.model.angka import format_nilai_id

    assert format_nilai_id(value) == text


def test_dates_print_without_a_time_of_midnight():
    from monev.model.angka import format_tanggal_id

    assert format_tanggal_id(dt.datetime(2026, 10, 31)) == "31 Oktober 2026"
    assert format_tanggal_id(pd.Timestamp("2026-02-09")) == "9 Februari 2026"
    assert format_tanggal_id(dt.date(2026, 10, 31), "en") == "31 October 2026"
    assert format_tanggal_id(dt.datetime(2026, 10, 31, 14, 30)) == "31 Oktober 2026 14.30"


def test_template_checks_0_to_100_only_where_the_indicator_bounds_say_so(wb):
    """The template's Excel validation of Realisasi follows the bounds: the LPE may be negative."""
    import openpyxl

    root, folder = wb
    ref = ref_of(root)
    path = submission(root, folder, "BAPPERIDA", BULAN, bapperida_values())
    ws = openpyxl.load_workbook(path)[layout.KINERJA.sheet]
    percent = [dv for dv in ws.data_validations.dataValidation if dv.formula2 in ("100", "100.0")]
    covered = {str(c) for dv in percent for r in dv.sqref.ranges for c in _cells(r)}
    assert realisasi_cell(ref, "IKU-04", "BAPPERIDA") in covered  # TPT: a share, 0–100
    assert realisasi_cell(ref, "IKU-05", "BAPPERIDA") not in covered  # LPE: may be negative


def _cells(cell_range) -> list[str]:
    from openpyxl.utils import get_column_letter

    return [
        f"{get_column_letter(c)}{r}"
        for r in range(cell_range.min_row, cell_range.max_row + 1)
        for c in range(cell_range.min_col, cell_range.max_col + 1)
    ]


@pytest.mark.parametrize(
    ("lang", "text"), [("en", "must be a date"), ("id", "harus tanggal")], ids=["en", "id"]
)
def test_command_line_errors_in_the_chosen_language(tmp_path, capsys, lang, text):
    path = tmp_path / "DPUPR_2026-11.xlsx"
    path.write_bytes(b"")
    code = main(
        ["ingest", "--root", str(tmp_path), "--lang", lang, "--diterima", "besok", str(path)]
    )
    assert code == 2 and text in capsys.readouterr().err


@pytest.mark.parametrize(("value", "fmt"), [(0.5, "0%"), ("50 %", None)], ids=["format", "tanda"])
def test_spending_written_as_a_percentage_is_refused(wb, capsys, value, fmt):
    """Realisasi keuangan is rupiah: a %-formatted cell would otherwise be stored × 100."""
    root, folder = wb
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Anggaran", "E5", value, fmt)
    before = snapshot(root)
    code, table, _ = ingest(root, path, capsys)
    assert code == 1
    found = at(table, "E5", "Anggaran")
    (row,) = found[found["tingkat"] == "Galat"].itertuples()
    assert (
        "(50 %)" in row.pesan and "rupiah" in row.pesan and is_message("persen_rupiah", row.pesan)
    )
    assert snapshot(root) == before


def test_every_value_of_the_full_sample_lies_within_its_bounds(tmp_path):
    """``make demo`` loads all 43 OPDs: no generated realisasi may break the new bounds."""
    import numpy as np

    from monev.data import sample
    from monev.data.reference import load_reference
    from monev.model.angka import AngkaError, batas_indikator, parse_angka
    from monev.model.periode import Periode, rentang_periode

    reference = Workbook.at(tmp_path).reference
    for name, frame in sample._referensi(np.random.default_rng(2026)).items():
        sample._tulis_csv(frame, reference / f"{name}.csv")
    (reference / sample.DAERAH_FILE).write_text(sample.DAERAH_YAML, encoding="utf-8")
    ref = load_reference(reference)
    kinerja, _ = sample._kinerja(
        ref,
        np.random.default_rng(2027),
        rentang_periode("2025-01", "2026-10"),
        sample.Tanam(),
        Periode.parse("2026-10"),
    )
    ind = ref.indikator.set_index("kode_indikator")
    checked, outside = 0, []
    for (kode_opd, periode), frame in kinerja.items():
        for row in frame.itertuples():
            value = row.realisasi
            if isinstance(value, str):
                try:
                    value = parse_angka(value).nilai
                except AngkaError:
                    continue  # the planted placeholder
            if value is None or value != value:
                continue
            i = ind.loc[row.kode_indikator]
            b = batas_indikator(i.satuan, i.sifat, i.nilai_min, i.nilai_maks, i.boleh_negatif)
            checked += 1
            if (
                (b.minimum is not None and value < b.minimum)
                or (b.maksimum is not None and value > b.maksimum)
                or (b.wajar_maks is not None and value > b.wajar_maks)
                or (b.bulat and value != round(value))
            ):
                outside.append((kode_opd, periode, row.kode_indikator, value))
    assert checked > 5_000 and outside == []


def test_numbers_and_dates_in_text_columns_read_as_written(wb, capsys):
    """A code typed as a number is named '12000', not '12000.0'; a date typed into a note is
    stored as 31 Oktober 2026, not 2026-10-31 00:00:00."""
    from openpyxl.utils import get_column_letter

    root, folder = wb
    ref = ref_of(root)
    first, second = own_indicators(ref)["kode_indikator"].iloc[:2]
    names = layout.KINERJA.names
    kendala = get_column_letter(names.index("kendala") + 1)
    kode = get_column_letter(names.index("kode_indikator") + 1)
    row = layout.HEADER_ROW + 1
    path = submission(root, folder, periode=BULAN)
    edit_cell(path, "Kinerja", f"{kendala}{row}", dt.datetime(2026, 10, 31))
    edit_cell(path, "Kinerja", f"{kendala}{row + 1}", 2.5)
    code, _, out = ingest(root, path, capsys)
    assert code == 0, out
    r = read_table(Workbook.at(root).store, "realisasi")
    mine = r[(r["periode"] == BULAN) & (r["kode_opd"] == opd_code(ref))].set_index("kode_indikator")
    assert mine.loc[first, "kendala"] == "31 Oktober 2026" and mine.loc[second, "kendala"] == "2,5"
    other = submission(root, folder, periode="2026-12")
    edit_cell(other, "Kinerja", f"{kode}{row}", 12000)
    code, table, out = ingest(root, other, capsys)
    assert code == 1
    (found,) = at(table, f"{kode}{row}").itertuples()
    assert "'12000'" in found.pesan and "12000.0" not in out
