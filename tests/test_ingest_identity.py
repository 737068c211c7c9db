"""Submission identity and lineage (issue 12, items 1–2): every file is one (OPD, periode, part)
decided by its ``_meta`` and checked against its name and month folder; two files of one
identity in one load are refused together unless one is a higher revision; every version stays
recorded in ``riwayat_berkas`` while the tables the engine reads hold the version in force.
Real files built here, loaded through ``monev ingest``; a refusal leaves the store unchanged."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ingest_fixtures import opd_code, ref_of

from monev.cli import main
from monev.data.files import file_sha256
from monev.data.ingest import ingest_files
from monev.data.store import STORE_TABLES, read_table, revisi_kiriman
from monev.data.template import write_submission, write_submission_csv
from monev.model import layout
from monev.model.workbook import Workbook

PERIODE = "2026-10"
TIMES = ("diterima", "dimuat", "diganti")  # when: differs between runs, never part of "the same"


def snapshot(root: Path, chain: bool = True) -> dict[str, str]:
    """Every store table, as text, rows in a fixed order (times left out). ``chain=False``: of
    the lineage only whether each version is in force, not which version replaced it (the order
    of replacements is history, and depends on the order of the loads)."""
    out = {}
    for t in STORE_TABLES:
        frame = read_table(Workbook.at(root).store, t)
        frame = frame.drop(columns=[c for c in TIMES if c in frame.columns])
        if not chain and "diganti_oleh" in frame.columns:
            frame["diganti_oleh"] = frame["diganti_oleh"].isna().map({True: "berlaku", False: "-"})
        out[t] = frame.sort_values(list(frame.columns)).to_csv(index=False)
    return out


def submission(
    root: Path,
    folder: Path,
    singkatan: str = "DPUPR",
    periode: str = PERIODE,
    nilai: float = 50.0,
    revisi: int = 0,
    name: str | None = None,
) -> Path:
    """A filled template: every indicator ``nilai``, every budget line half spent."""
    ref = ref_of(root)
    kode = opd_code(ref, singkatan)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode]
    kinerja = pd.DataFrame(
        {
            "kode_indikator": ind["kode_indikator"],
            "realisasi": nilai,
            "kendala": None,
            "sumber_data": "Laporan bidang",
        }
    )
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": ang["kode_kegiatan"],
            "realisasi_keuangan": (ang["pagu"] / 2).round(),
            "realisasi_fisik": nilai,
            "kendala": None,
        }
    )
    tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    path = folder / (name or layout.file_name(singkatan, periode))
    return write_submission(path, ref, kode, periode, kinerja, anggaran, tl, revisi=revisi)


def csv_parts(root: Path, folder: Path, singkatan: str, nilai: float = 50.0) -> list[Path]:
    ref = ref_of(root)
    kode = opd_code(ref, singkatan)
    ind = ref.indikator[ref.indikator["kode_opd"] == kode]
    kinerja = pd.DataFrame(
        {
            "kode_indikator": ind["kode_indikator"],
            "realisasi": nilai,
            "kendala": None,
            "sumber_data": "",
        }
    )
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode) & (ref.anggaran["tahun"] == 2026)]
    anggaran = pd.DataFrame(
        {
            "kode_kegiatan": ang["kode_kegiatan"],
            "realisasi_keuangan": (ang["pagu"] / 4).round(),
            "realisasi_fisik": 25.0,
            "kendala": None,
        }
    )
    tl = pd.DataFrame(columns=layout.TINDAK_LANJUT.names)
    return write_submission_csv(folder, ref, kode, PERIODE, kinerja, anggaran, tl)


def set_meta(path: Path, key: str, value) -> Path:
    book = openpyxl.load_workbook(path)
    book[layout.META_SHEET].cell(row=layout.META_KEYS.index(key) + 1, column=2, value=value)
    book.save(path)
    return path


def ingest_cli(root: Path, *paths: Path, capsys) -> tuple[int, str]:
    code = main(["ingest", "--root", str(root), *map(str, paths)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def wb(sample_workbook_copy):
    """A loaded sample workbook copy and an empty month folder ``data/kiriman/2026-10-baru``-like
    place for new files: a folder that is not a month (no folder check) and the real month one."""
    return sample_workbook_copy


def month_folder(root: Path, periode: str = PERIODE) -> Path:
    folder = root / "masuk" / periode
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def loose_folder(root: Path) -> Path:
    folder = root / "masuk" / "lepas"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ------------------------------------------------------------------------------- refusals


def test_meta_periode_of_another_month_in_this_months_folder_is_refused(wb, capsys):
    """Last month's file reused: _meta says 2026-09, the folder is 2026-10."""
    path = submission(wb, month_folder(wb), periode="2026-09")
    before = snapshot(wb)
    code, out = ingest_cli(wb, path, capsys=capsys)
    assert code == 1 and "DITOLAK" in out
    assert "2026-09" in out and "2026-10" in out and "folder" in out
    assert "karakter)" not in out  # the whole message, never cut
    assert snapshot(wb) == before
    code = main(["ingest", "--root", str(wb), "--lang", "en", str(path)])
    out = capsys.readouterr().out
    assert code == 1 and "REFUSED" in out and "'2026-09'" in out and "'2026-10'" in out
    assert "period according to sheet _meta" in out and "folder" in out
    assert snapshot(wb) == before


def test_meta_periode_disagreeing_with_the_file_name_is_refused(wb, capsys):
    path = submission(wb, loose_folder(wb), periode="2026-09", name="DPUPR_2026-10.xlsx")
    before = snapshot(wb)
    code, out = ingest_cli(wb, path, capsys=capsys)
    assert code == 1
    assert "'2026-09'" in out and "'2026-10'" in out and "nama berkas" in out
    (result,) = ingest_files(Workbook.at(wb), [path]).berkas
    (found,) = [f for f in result.findings if f.message_key == "periode_beda"]
    assert (found.sheet, found.cell) == (layout.META_SHEET, "B2")
    assert snapshot(wb) == before


def test_meta_opd_disagreeing_with_the_file_name_is_refused(wb, capsys):
    path = submission(wb, loose_folder(wb), "DPUPR", name="DINKES_2026-10.xlsx")
    before = snapshot(wb)
    code, out = ingest_cli(wb, path, capsys=capsys)
    assert code == 1 and "DPUPR" in out and "DINKES" in out
    assert snapshot(wb) == before


def test_csv_part_in_another_months_folder_is_refused(wb, capsys):
    (kinerja, *_) = csv_parts(wb, month_folder(wb, "2026-11"), "DUKCAPIL")
    before = snapshot(wb)
    code, out = ingest_cli(wb, kinerja, capsys=capsys)
    assert code == 1 and "2026-10" in out and "2026-11" in out
    assert snapshot(wb) == before


def test_revision_of_name_and_meta_must_agree(wb, capsys):
    path = submission(wb, loose_folder(wb), revisi=1, name="DPUPR_2026-10_rev2.xlsx")
    before = snapshot(wb)
    code, out = ingest_cli(wb, path, capsys=capsys)
    assert code == 1 and "revisi" in out and "1" in out and "2" in out
    assert snapshot(wb) == before


@pytest.mark.parametrize("value", ["dua", "-1", "1,5"])
def test_a_meta_revision_that_is_not_a_whole_number_is_refused(wb, capsys, value):
    path = set_meta(submission(wb, loose_folder(wb)), "revisi", value)
    before = snapshot(wb)
    code, out = ingest_cli(wb, path, capsys=capsys)
    assert code == 1 and repr(value) in out
    assert snapshot(wb) == before


def test_two_files_of_one_submission_and_revision_are_refused_together(wb, capsys):
    """A correction saved beside the original, without marking it a revision."""
    folder = month_folder(wb)
    first = submission(wb, folder, nilai=50.0)
    second = submission(wb, folder, nilai=70.0, name="DPUPR_2026-10 perbaikan.xlsx")
    before = snapshot(wb)
    for order in ([folder], [second, first], [first, second]):
        code, out = ingest_cli(wb, *order, capsys=capsys)
        assert code == 1
        assert out.count("DITOLAK") == 2 and "0 dimuat" in out
        assert first.name in out and second.name in out
        assert snapshot(wb) == before


def test_an_xlsx_and_a_csv_part_of_one_month_are_refused_together(wb, capsys):
    folder = month_folder(wb)
    xlsx = submission(wb, folder, "DUKCAPIL")
    (kinerja, *_) = csv_parts(wb, folder, "DUKCAPIL", nilai=70.0)
    before = snapshot(wb)
    code, out = ingest_cli(wb, xlsx, kinerja, capsys=capsys)
    assert code == 1 and xlsx.name in out and kinerja.name in out
    assert snapshot(wb) == before


# ------------------------------------------------------------------ revisions and lineage


def realisasi_of(root: Path, singkatan: str = "DPUPR") -> set[float]:
    r = read_table(Workbook.at(root).store, "realisasi")
    mine = (r["kode_opd"] == opd_code(ref_of(root), singkatan)) & (r["periode"] == PERIODE)
    return set(r.loc[mine, "realisasi"])


def test_the_highest_revision_wins_in_any_order_and_every_version_is_recorded(wb, capsys):
    folder = month_folder(wb)
    rev0 = submission(wb, folder, nilai=50.0)
    rev1 = submission(wb, folder, nilai=60.0, name="DPUPR_2026-10_rev1.xlsx")
    rev2 = set_meta(submission(wb, folder, nilai=70.0, name="DPUPR_2026-10 (2).xlsx"), "revisi", 2)
    code, out = ingest_cli(wb, rev2, rev0, rev1, capsys=capsys)
    assert code == 0 and "1 dimuat" in out and "2 kalah oleh revisi" in out
    assert realisasi_of(wb) == {70.0}
    kode = opd_code(ref_of(wb))
    berkas = read_table(Workbook.at(wb).store, "berkas")
    mine = berkas[(berkas["kode_opd"] == kode) & (berkas["periode"] == PERIODE)]
    assert list(mine["sha256"]) == [file_sha256(rev2)]  # only the version in force
    riwayat = read_table(Workbook.at(wb).store, "riwayat_berkas")
    versions = riwayat[(riwayat["kode_opd"] == kode) & (riwayat["periode"] == PERIODE)]
    shas = {file_sha256(p): p for p in (rev0, rev1, rev2)}
    assert set(shas) < set(versions["sha256"])  # the sample's own file is there too
    by_sha = versions.set_index("sha256")
    assert by_sha.loc[file_sha256(rev2), "diganti_oleh"] is None or pd.isna(
        by_sha.loc[file_sha256(rev2), "diganti_oleh"]
    )
    assert by_sha.loc[file_sha256(rev0), "diganti_oleh"] == file_sha256(rev2)
    assert list(versions.sort_values("revisi")["revisi"])[-3:] == [0, 1, 2]
    for sha in shas:  # every version archived, verified
        assert file_sha256(Workbook.at(wb).raw / f"{sha}.xlsx") == sha
    again = snapshot(wb)
    code, out = ingest_cli(wb, rev1, rev0, rev2, capsys=capsys)
    assert code == 0 and "3 sudah pernah dimuat" in out and snapshot(wb) == again


def test_a_lower_revision_loaded_later_is_recorded_but_not_used(wb, capsys):
    folder = month_folder(wb)
    rev1 = submission(wb, folder, nilai=60.0, name="DPUPR_2026-10_rev1.xlsx")
    assert ingest_cli(wb, rev1, capsys=capsys)[0] == 0
    rev0 = submission(wb, loose_folder(wb), nilai=50.0)
    code, out = ingest_cli(wb, rev0, capsys=capsys)
    assert code == 0 and "revisi 0" in out and rev1.name in out
    assert realisasi_of(wb) == {60.0}
    riwayat = read_table(Workbook.at(wb).store, "riwayat_berkas").set_index("sha256")
    assert riwayat.loc[file_sha256(rev0), "diganti_oleh"] == file_sha256(rev1)


def test_a_correction_loaded_alone_replaces_and_says_revised(wb, capsys):
    """The month's file is in the store (sample); a corrected file of the same revision loaded
    on its own replaces it (the analyst's explicit choice), and the lineage says revised."""
    kode = opd_code(ref_of(wb))
    before = revisi_kiriman(Workbook.at(wb).store, PERIODE).set_index("kode_opd")
    assert not before.loc[kode, "direvisi"] and before.loc[kode, "jumlah_berkas"] == 1
    path = submission(wb, loose_folder(wb), nilai=80.0)
    assert ingest_cli(wb, path, capsys=capsys)[0] == 0
    assert realisasi_of(wb) == {80.0}
    after = revisi_kiriman(Workbook.at(wb).store, PERIODE).set_index("kode_opd")
    assert after.loc[kode, "direvisi"] and after.loc[kode, "jumlah_berkas"] == 2
    riwayat = read_table(Workbook.at(wb).store, "riwayat_berkas")
    in_force = riwayat[(riwayat["sha256"] == file_sha256(path))]
    assert after.loc[kode, "dimuat"] == in_force["dimuat"].iloc[0]
    others = after.drop(index=kode)
    assert not others["direvisi"].any()


def test_identical_files_of_different_opds_keep_their_own_records(wb, capsys):
    """Header-only CSV parts of two OPDs share a hash; correcting one leaves the other's record."""
    folder = loose_folder(wb)
    header = ";".join(layout.TINDAK_LANJUT.headers) + "\r\n"
    a = folder / f"BKPSDM_{PERIODE}_tindak_lanjut.csv"
    b = folder / f"DUKCAPIL_{PERIODE}_tindak_lanjut.csv"
    for path in (a, b):
        path.write_text(header, encoding="utf-8")
    assert file_sha256(a) == file_sha256(b)
    code, out = ingest_cli(wb, a, b, capsys=capsys)
    assert code == 0, out
    store = Workbook.at(wb).store

    def records(singkatan):
        berkas = read_table(store, "berkas")
        kode = opd_code(ref_of(wb), singkatan)
        return berkas[(berkas["kode_opd"] == kode) & (berkas["periode"] == PERIODE)]

    b_before = records("DUKCAPIL")
    assert file_sha256(b) in set(b_before["sha256"])
    a.write_text(header + ";Jalan rusak;Perbaiki;Kabid;31/12/2026;proses;\r\n", "utf-8")
    assert ingest_cli(wb, a, capsys=capsys)[0] == 0
    pd.testing.assert_frame_equal(
        records("DUKCAPIL").reset_index(drop=True), b_before.reset_index(drop=True)
    )
    assert file_sha256(a) in set(records("BKPSDM")["sha256"])


# -------------------------------------------------------------------------------- property


@pytest.fixture(scope="module")
def folder_of_submissions(tmp_path_factory, sample_workbook):
    """A reference-only workbook (empty store) and a month folder of submissions with
    revisions: DPUPR rev 0, 1 (name) and 2 (_meta); DINKES rev 0; DUKCAPIL's three CSV parts and
    a revision of its kinerja part."""
    base = tmp_path_factory.mktemp("identitas")
    shutil.copytree(Workbook.at(sample_workbook).reference, Workbook.at(base).reference)
    folder = month_folder(base)
    files = [
        submission(sample_workbook, folder, nilai=50.0),
        submission(sample_workbook, folder, nilai=60.0, name="DPUPR_2026-10_rev1.xlsx"),
        set_meta(
            submission(sample_workbook, folder, nilai=70.0, name="DPUPR_2026-10 final.xlsx"),
            "revisi",
            2,
        ),
        submission(sample_workbook, folder, "DINKES", nilai=40.0),
        *csv_parts(sample_workbook, folder, "DUKCAPIL", nilai=30.0),
    ]
    revised = csv_parts(sample_workbook, base / "tmp", "DUKCAPIL", nilai=35.0)[0]
    files.append(revised.rename(folder / revised.name.replace(".csv", "_rev1.csv")))
    return base, sorted(files)


def fresh(base: Path, tmp: Path) -> Path:
    root = tmp / "buku"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(Workbook.at(base).reference, Workbook.at(root).reference)
    return root


DITERIMA = dt.datetime(2026, 11, 5, 8, 0)


@pytest.fixture(scope="module")
def expected(folder_of_submissions, tmp_path_factory):
    base, files = folder_of_submissions
    root = fresh(base, tmp_path_factory.mktemp("rujukan"))
    hasil = ingest_files(Workbook.at(root), [files[0].parent], diterima=DITERIMA)
    assert not hasil.ditolak, hasil.findings_table().to_string()
    assert realisasi_of(root) == {70.0}
    return snapshot(root, chain=False)


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_order_and_repetition_of_a_folder_gives_the_same_store(
    folder_of_submissions, expected, tmp_path, data
):
    base, files = folder_of_submissions
    root = fresh(base, tmp_path)
    loads = data.draw(
        st.lists(st.lists(st.sampled_from(files), max_size=6), max_size=3), label="loads"
    )
    last = data.draw(st.permutations(files + files[:2]), label="last load")
    for load in [*loads, last]:
        hasil = ingest_files(Workbook.at(root), load, diterima=DITERIMA)
        assert not hasil.ditolak, hasil.findings_table().to_string()
    assert snapshot(root, chain=False) == expected


def test_the_template_writes_revision_0_and_states_the_revision_rule(wb):
    path = submission(wb, loose_folder(wb))
    book = openpyxl.load_workbook(path)
    meta = book[layout.META_SHEET]
    row = layout.META_KEYS.index("revisi") + 1
    assert (meta.cell(row=row, column=1).value, meta.cell(row=row, column=2).value) == ("revisi", 0)
    assert meta.cell(row=row, column=2).protection.locked is False  # the OPD may raise it
    petunjuk = " ".join(str(c.value) for c in book[layout.INSTRUCTIONS_SHEET]["A"] if c.value)
    assert "DPUPR_2026-10_rev1.xlsx" in petunjuk and "DPUPR_2026-10_kinerja_rev1.csv" in petunjuk
    assert "Revisi tertinggi yang berlaku" in petunjuk and "ditolak keduanya" in petunjuk
