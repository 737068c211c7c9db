"""Decisions of the rakor in the follow-up engine: the register's decisions and the OPDs'
reports as one frame, each item's status month by month, lateness at the meeting date."""

from __future__ import annotations

import pandas as pd
import pytest

from monev.engine.tindak_lanjut import (
    gabung_keputusan,
    ringkas_tindak_lanjut,
    riwayat_tindak_lanjut,
    status_tindak_lanjut,
)

SHA = "a" * 64


def keputusan(*rows) -> pd.DataFrame:
    """Register rows: (kode_tl, kode_opd, batas_waktu) decided at the rakor of 2026-10."""
    return pd.DataFrame(
        [
            dict(kode_tl=k, periode="2026-10", nomor=i, kode_opd=o, masalah=f"Masalah {k}",
                 keputusan=f"Keputusan {k}", penanggung_jawab="Kepala", batas_waktu=pd.Timestamp(b),
                 keterangan=None, sha256=SHA)
            for i, (k, o, b) in enumerate(rows, 1)
        ]
    )  # fmt: skip


def laporan(*rows) -> pd.DataFrame:
    """OPD follow-up rows: (kode_tl, kode_opd, periode, status, keterangan)."""
    return pd.DataFrame(
        [
            dict(kode_opd=o, periode=p, kode_tl=k, masalah="ditulis OPD", tindak_lanjut="ditulis OPD",
                 penanggung_jawab="OPD", batas_waktu=pd.Timestamp("2027-06-30"), status=s,
                 keterangan=ket, sha256=SHA)
            for k, o, p, s, ket in rows
        ],
        columns=["kode_opd", "periode", "kode_tl", "masalah", "tindak_lanjut", "penanggung_jawab",
                 "batas_waktu", "status", "keterangan", "sha256"],
    )  # fmt: skip


REGISTER = keputusan(
    ("K-A", "1.01", "2026-11-20"),  # closed in November
    ("K-B", "1.01", "2026-11-05"),  # due before the December meeting, only progress: overdue
    ("K-C", "2.02", "2027-01-31"),  # not due, nothing reported: carried
)
NOVEMBER = laporan(
    ("K-A", "1.01", "2026-11", "selesai", "Sudah rampung"),
    ("K-B", "1.01", "2026-11", "proses", "Menunggu SK"),
)
TL = gabung_keputusan(NOVEMBER, REGISTER)


def test_the_decisions_month_has_them_as_new_items_open():
    st = status_tindak_lanjut(TL, "2026-10", "2026-11-04").set_index("kode_tl")
    assert list(st.index) == ["K-A", "K-B", "K-C"]
    assert set(st["status_bulan"].astype(str)) == {"baru"}
    assert set(st["asal"]) == {"rakor"}
    assert set(st["keadaan"].astype(str)) == {"terbuka"}  # no deadline before 4 November
    assert st.loc["K-A", "tindak_lanjut"] == "Keputusan K-A"


@pytest.mark.parametrize(
    ("tanggal_rapat", "terlambat", "hari"),
    [
        ("2026-12-14", {"K-B"}, 39),  # the meeting date: K-B due 5 November, 39 days late
        (None, {"K-B"}, 25),  # no meeting date: the end of November
        ("2026-11-05", set(), None),  # due on the meeting day is not late yet
    ],
)
def test_next_month_closed_overdue_and_carried(tanggal_rapat, terlambat, hari):
    st = status_tindak_lanjut(TL, "2026-11", tanggal_rapat).set_index("kode_tl")
    assert st["status_bulan"].astype(str).to_dict() == {
        "K-A": "selesai", "K-B": "dalam proses", "K-C": "dibawa",
    }  # fmt: skip
    assert set(st.index[st["keadaan"] == "terlambat"]) == terlambat
    if hari is not None:
        assert st.loc["K-B", "hari_terlambat"] == hari
    assert st.loc["K-C", "dibawa"] and not st.loc["K-B", "dibawa"]
    # the register's text and deadline stand, the OPD's status and note are kept
    assert st.loc["K-B", "batas_waktu"] == pd.Timestamp("2026-11-05")
    assert (
        st.loc["K-B", "masalah"] == "Masalah K-B" and st.loc["K-B", "keterangan"] == "Menunggu SK"
    )
    r = ringkas_tindak_lanjut(st.reset_index()).set_index("kode_opd")
    assert r.loc["1.01", "tl_selesai"] == 1 and r.loc["2.02", "tl_dibawa"] == 1


def test_a_month_later_the_closed_item_has_no_status_of_the_month():
    st = status_tindak_lanjut(TL, "2026-12", "2027-01-12").set_index("kode_tl")
    assert pd.isna(st.loc["K-A", "status_bulan"]) and st.loc["K-A", "keadaan"] == "selesai"
    assert st.loc["K-B", "status_bulan"] == "dibawa" and st.loc["K-B", "keadaan"] == "terlambat"


def test_status_month_by_month():
    r = riwayat_tindak_lanjut(TL, "2026-12")
    got = {
        (k, p): s
        for k, p, s in zip(r["kode_tl"], r["periode"], r["status_bulan"].astype(str), strict=True)
    }
    assert got == {
        ("K-A", "2026-10"): "baru", ("K-A", "2026-11"): "selesai",
        ("K-B", "2026-10"): "baru", ("K-B", "2026-11"): "dalam proses",
        ("K-B", "2026-12"): "dibawa",
        ("K-C", "2026-10"): "baru", ("K-C", "2026-11"): "dibawa", ("K-C", "2026-12"): "dibawa",
    }  # fmt: skip
    notes = r.set_index(["kode_tl", "periode"])["keterangan"]
    assert notes[("K-B", "2026-11")] == "Menunggu SK" and notes[("K-C", "2026-11")] is None


def test_without_a_register_items_are_the_opds_own():
    tl = gabung_keputusan(NOVEMBER, None)
    assert set(tl["asal"]) == {"opd"}
    st = status_tindak_lanjut(tl, "2026-11")
    assert set(st["status_bulan"].astype(str)) == {"selesai", "baru"}


def test_the_meeting_date_comes_from_the_params_and_is_stated(tmp_path):
    from monev.app.params import ParamsError, read_params
    from monev.model.settings import Settings, SettingsError

    (tmp_path / "2026-11.yaml").write_text('periode: "2026-11"\ntanggal_rapat: 2026-12-14\n')
    params, _ = read_params(tmp_path, "2026-11")
    assert params.settings.tanggal_rapat == "2026-12-14"
    assert '"tanggal_rapat": "2026-12-14"' in params.settings_json  # the context's key
    assert "sebelum tanggal rapat 14 Desember 2026" in params.settings.uraian()
    assert "sebelum akhir bulan laporan" in Settings().uraian()
    with pytest.raises(SettingsError, match="tanggal_rapat harus tanggal"):
        Settings.from_dict({"tanggal_rapat": "besok"})
    (tmp_path / "2026-12.yaml").write_text('periode: "2026-12"\ntanggal_rapat: besok\n')
    with pytest.raises(ParamsError, match="tanggal_rapat"):
        read_params(tmp_path, "2026-12")


@pytest.mark.parametrize(
    ("kode", "pemilik"),
    [
        ("TL-2026-10-DPUPR-K01", "DPUPR"),  # a rakor decision: its OPD only may report it
        ("TL-2026-10-DPUPR-B02", "DPUPR"),  # an item the OPD added itself
        ("TL-2026-10-DPUPR", "DPUPR"),
        ("TL-2026-10-DPUPR-X01", None),  # another form: no owner named
    ],
)
def test_a_decision_code_names_its_opd(kode, pemilik):
    from monev.data.ingest.sheets import follow_up_owner

    assert follow_up_owner(kode, {"DPUPR", "DINKES"}) == pemilik
