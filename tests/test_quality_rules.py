"""Each data-quality rule on its own, on small hand-made frames (data-quality.md §1).

The world: two OPDs (DINA submits for March 2026, DINB does not), a few indicators of DINA, one
IKU with two sources, two budget lines. Each test changes only what its rule reads.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from monev.engine import quality as q
from monev.model.settings import Settings

P = "2026-03"
A, B = "1.01", "1.02"


def _opd() -> pd.DataFrame:
    return pd.DataFrame({"kode_opd": [A, B], "singkatan": ["DINA", "DINB"]})


def _indikator(**ubah) -> pd.DataFrame:
    ind = pd.DataFrame(
        {
            "kode_indikator": ["A-1", "A-2", "A-3", "B-1", "IKU-1"],
            "nama_indikator": ["Satu", "Dua", "Tiga", "Bee", "Iku"],
            "kode_opd": [A, A, A, B, A],
            "polaritas": ["positif", "positif", "negatif", "positif", "positif"],
            "sifat": ["terakhir", "kumulatif", "terakhir", "terakhir", "terakhir"],
            "level": ["Kegiatan", "Kegiatan", "Program", "Kegiatan", "IKU"],
            "kode_nomenklatur": ["1.01.01.2.01.0001", None, None, None, None],
        }
    )
    for kolom, nilai in ubah.items():
        ind[kolom] = nilai
    return ind


def _target(tahun=2026, nilai=(80.0, 100.0, 5.0, 70.0, 10.0)) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kode_indikator": ["A-1", "A-2", "A-3", "B-1", "IKU-1"],
            "tahun": tahun,
            "jenis": "tahunan",
            "target": list(nilai),
        }
    )


def _anggaran() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "tahun": [2026, 2026, 2025],
            "kode_opd": [A, A, A],
            "kode_kegiatan": ["K1", "K2", "K0"],
            "pagu": [100.0, 200.0, 50.0],
        }
    )


def _berkas(diterima=("2026-04-05",), opd=(A,), periode=P) -> pd.DataFrame:
    n = len(diterima)
    return pd.DataFrame(
        {
            "sha256": [f"h{i}" for i in range(n)],
            "kode_opd": list(opd) * (n // len(opd)),
            "periode": periode,
            "diterima": pd.to_datetime(list(diterima)),
        }
    )


_KUNCI = ["kode_opd", "periode", "kode_indikator"]


def _realisasi(rows=None) -> pd.DataFrame:
    """Rows (kode_indikator, periode, realisasi[, sumber_data[, alasan_kosong]]) of DINA."""
    if rows is None:
        rows = [("A-1", P, 50.0), ("A-2", P, 30.0), ("A-3", P, 4.0), ("IKU-1", P, 9.0, "BPS")]
    out = []
    for r in rows:
        kode, periode, nilai, *rest = r
        sumber = rest[0] if rest else "Data dinas"
        alasan = rest[1] if len(rest) > 1 else None
        out.append((A, periode, kode, sumber, nilai, alasan))
    return pd.DataFrame(
        out,
        columns=[*_KUNCI, "sumber_data", "realisasi", "alasan_kosong"],
    )


def _keuangan(rows=((P, "K1", 10.0), (P, "K2", 20.0))) -> pd.DataFrame:
    return pd.DataFrame(
        [(A, p, k, v) for p, k, v in rows],
        columns=["kode_opd", "periode", "kode_kegiatan", "realisasi_keuangan"],
    )


_TEMUAN_MUAT = ["sha256", "tingkat", "lembar", "sel", "kolom", "nilai", "pesan"]


def _inputs(
    *,
    indikator=None,
    target=None,
    berkas=None,
    realisasi=None,
    keuangan=None,
    temuan_muat=None,
    periode=P,
    settings=None,
) -> q.Inputs:
    ref = SimpleNamespace(
        opd=_opd(),
        indikator=_indikator() if indikator is None else indikator,
        target=_target() if target is None else target,
        anggaran=_anggaran(),
    )
    return q.Inputs.of(
        ref,
        _berkas() if berkas is None else berkas,
        _realisasi() if realisasi is None else realisasi,
        _keuangan() if keuangan is None else keuangan,
        pd.DataFrame(columns=_TEMUAN_MUAT) if temuan_muat is None else temuan_muat,
        periode,
        settings or Settings(),
    )


def _run(key: str, x: q.Inputs) -> pd.DataFrame:
    return q.periksa_aturan(key, x)


def _all(x: q.Inputs) -> pd.DataFrame:
    return q.periksa_kualitas(
        x.ref, x.berkas, x.realisasi, x.keuangan, x.temuan_muat, x.periode, x.settings
    )


# ------------------------------------------------------------------------------ registry


def test_registry_every_rule_has_key_label_and_known_kind():
    kinds = {
        "kelengkapan", "ketepatan_waktu", "validitas", "konsistensi", "pencilan", "duplikat",
        "sumber_ganda",
    }  # fmt: skip
    assert len(q.RULES) >= 13
    for key, r in q.RULES.items():
        assert r.key == key and r.label and r.jenis in kinds
        assert callable(r.check)
    assert {r.jenis for r in q.RULES.values()} == kinds


def test_periksa_kualitas_is_every_rule_concatenated():
    """The whole check is exactly the union of the rules' findings, in the KOLOM layout."""
    real = [("A-1", P, 50.0), ("A-1", P, 51.0), ("IKU-1", P, 9.0, "BPS"), ("IKU-1", P, 12.0, "X")]
    x = _inputs(realisasi=_realisasi(real), berkas=_berkas(["2026-04-15"]))
    hasil = _all(x)
    assert list(hasil.columns) == q.KOLOM
    per_rule = [_run(k, x) for k in q.RULES]
    assert sum(len(f) for f in per_rule) == len(hasil)
    assert set(hasil["jenis"]) >= {"kelengkapan", "ketepatan_waktu", "duplikat", "sumber_ganda"}
    assert (hasil["periode"] == P).all()
    urut = hasil.sort_values(["kode_opd", "jenis", "kode_indikator"], na_position="last")
    assert list(urut.index) == list(hasil.index)


def test_a_new_rule_is_one_function_and_runs_with_the_others():
    @q.rule("Percobaan: semua OPD", jenis="validitas", key="_percobaan")
    def percobaan(x):
        for kode in x.ref.opd["kode_opd"]:
            yield q.temuan(kode, "coba", kode_indikator="X")

    try:
        hasil = _all(_inputs())
        coba = hasil[hasil["pesan"] == "coba"]
        assert sorted(coba["kode_opd"]) == [A, B]
        assert (coba["jenis"] == "validitas").all()
        with pytest.raises(ValueError, match="twice"):
            q.rule("lagi", jenis="validitas", key="_percobaan")(percobaan)
    finally:
        del q.RULES["_percobaan"]
    assert "coba" not in set(_all(_inputs())["pesan"])


# ------------------------------------------------------------------------------ completeness


@pytest.mark.parametrize(
    ("pengirim", "harap"),
    [((A,), [B]), ((A, B), []), ((), [A, B])],
)
def test_opd_tidak_mengirim(pengirim, harap):
    berkas = _berkas(["2026-04-01"] * len(pengirim), opd=pengirim) if pengirim else _berkas([])
    f = _run("opd_tidak_mengirim", _inputs(berkas=berkas))
    assert sorted(f["kode_opd"]) == harap
    assert all("Maret 2026" in p for p in f["pesan"])


def test_opd_tidak_mengirim_counts_only_files_of_the_period():
    f = _run("opd_tidak_mengirim", _inputs(berkas=_berkas(periode="2026-02")))
    assert sorted(f["kode_opd"]) == [A, B]


def test_realisasi_tidak_diisi_names_the_missing_and_the_written_reason():
    real = _realisasi([("A-1", P, 50.0), ("A-2", P, np.nan, "Data dinas", "belum ada data")])
    f = _run("realisasi_tidak_diisi", _inputs(realisasi=real)).set_index("kode_indikator")
    # A-2 empty with a reason, A-3 and IKU-1 absent; DINB sent nothing (its own finding elsewhere)
    assert sorted(f.index) == ["A-2", "A-3", "IKU-1"]
    assert "tertulis: 'belum ada data'" in f.loc["A-2", "pesan"]
    assert "tertulis" not in f.loc["A-3", "pesan"]
    assert (f["kode_opd"] == A).all()


def test_realisasi_tidak_diisi_quiet_when_all_filled():
    assert _run("realisasi_tidak_diisi", _inputs()).empty


@pytest.mark.parametrize(
    ("keuangan", "harap"),
    [
        (((P, "K1", 10.0), (P, "K2", 20.0)), []),
        (((P, "K1", 10.0),), ["K2"]),
        (((P, "K1", 10.0), (P, "K2", np.nan)), ["K2"]),  # empty counts as not reported
        ((("2026-02", "K1", 10.0), ("2026-02", "K2", 5.0)), ["K1", "K2"]),  # last month's
    ],
)
def test_anggaran_tidak_dilaporkan(keuangan, harap):
    f = _run("anggaran_tidak_dilaporkan", _inputs(keuangan=_keuangan(keuangan)))
    assert sorted(f["kode_kegiatan"]) == harap  # K0 is a 2025 line: never expected in 2026


# ------------------------------------------------------------------------------ timeliness


@pytest.mark.parametrize(
    ("diterima", "hari_batas", "terlambat"),
    [
        (["2026-04-10 23:59"], 10, None),
        (["2026-04-11 00:00"], 10, 1),
        (["2026-04-15 08:00"], 10, 5),
        (["2026-04-15 08:00"], 20, None),
        (["2026-04-02 00:00", "2026-04-13 09:00"], 10, 3),  # the latest file counts
    ],
)
def test_laporan_terlambat(diterima, hari_batas, terlambat):
    x = _inputs(berkas=_berkas(diterima), settings=Settings(deadline_day=hari_batas))
    f = _run("laporan_terlambat", x)
    if terlambat is None:
        assert f.empty
    else:
        assert list(f["nilai"]) == [terlambat]
        assert f"terlambat {terlambat} hari dari batas tanggal {hari_batas}" in f["pesan"].iloc[0]


# ------------------------------------------------------------------------------ validity


def test_peringatan_muat_keeps_the_files_of_the_period_and_their_severity():
    berkas = pd.concat([_berkas(), _berkas(periode="2026-02").assign(sha256="lama")])
    tm = pd.DataFrame(
        [("h0", "galat", "Kinerja", "E7", "Realisasi", "85.5", "bukan angka"),
         ("lama", "peringatan", "Kinerja", "E8", "Realisasi", "x", "lama")],
        columns=_TEMUAN_MUAT,
    )  # fmt: skip
    f = _run("peringatan_muat", _inputs(berkas=berkas, temuan_muat=tm))
    assert list(f["pesan"]) == ["Kinerja E7 (Realisasi): bukan angka"]
    assert list(f["tingkat"]) == ["galat"] and list(f["kode_opd"]) == [A]
    # a finding about the whole file (kosong) names no sheet or cell, never "None None (None)"
    berkas_kosong = pd.DataFrame(
        [("h0", "peringatan", None, None, None, None, "Berkas kosong: hanya 0 sel terisi.")],
        columns=_TEMUAN_MUAT,
    )
    f = _run("peringatan_muat", _inputs(berkas=berkas, temuan_muat=berkas_kosong))
    assert list(f["pesan"]) == ["Berkas kosong: hanya 0 sel terisi."]


@pytest.mark.parametrize(
    ("target", "tidak_ada", "nol"),
    [
        (_target(), [], []),
        (_target(tahun=2025), ["A-1", "A-2", "A-3", "IKU-1"], []),  # only last year's
        (_target(nilai=(0.0, 100.0, 5.0, 0.0, 10.0)), [], ["A-1"]),  # B-1: DINB did not send
        (_target(nilai=(80.0, 100.0, 0.0, 70.0, 10.0)), [], []),  # negatif with 0 is fine
        (_target().iloc[1:], ["A-1"], []),
    ],
)
def test_target_tidak_ada_dan_target_nol(target, tidak_ada, nol):
    x = _inputs(target=target)
    assert sorted(_run("target_tidak_ada", x)["kode_indikator"]) == tidak_ada
    assert sorted(_run("target_nol", x)["kode_indikator"]) == nol


@pytest.mark.parametrize(
    ("kode", "salah"),
    [
        ("1.01.01.2.01.0001", False),
        ("1.01.01.2.01.001", True),
        ("1.1.01.2.01.0001", True),
        ("1.01.01.2.01.0001 ", True),
        (None, False),
    ],
)
def test_nomenklatur_salah(kode, salah):
    ind = _indikator(kode_nomenklatur=[kode, None, None, None, None])
    f = _run("nomenklatur_salah", _inputs(indikator=ind))
    assert list(f["kode_indikator"]) == (["A-1"] if salah else [])


# ------------------------------------------------------------------------------ consistency


def _seri(kode: str, nilai: dict[str, float]) -> pd.DataFrame:
    return _realisasi([(kode, p, v) for p, v in nilai.items()])


@pytest.mark.parametrize(
    ("nilai", "turun"),
    [
        ({"2026-01": 10.0, "2026-02": 20.0, "2026-03": 15.0}, (20.0, 15.0)),
        ({"2026-01": 10.0, "2026-02": 20.0, "2026-03": 20.0}, None),
        ({"2026-01": 10.0, "2026-03": 5.0}, None),  # February missing: no month-on-month
        ({"2026-01": 10.0, "2026-02": np.nan, "2026-03": 5.0}, None),
    ],
)
def test_kumulatif_turun(nilai, turun):
    f = _run("kumulatif_turun", _inputs(realisasi=_seri("A-2", nilai)))
    if turun is None:
        assert f.empty
    else:
        assert list(zip(f["nilai_sebelumnya"], f["nilai"], strict=True)) == [turun]
        assert f["pesan"].iloc[0] == "Nilai kumulatif A-2 turun dari 20,00 ke 15,00."


def test_kumulatif_turun_not_across_a_new_year():
    x = _inputs(realisasi=_seri("A-2", {"2025-12": 90.0, "2026-01": 5.0}), periode="2026-01")
    assert _run("kumulatif_turun", x).empty


def test_kumulatif_turun_ignores_level_indicators():
    f = _run("kumulatif_turun", _inputs(realisasi=_seri("A-1", {"2026-02": 20.0, P: 15.0})))
    assert f.empty


@pytest.mark.parametrize(
    ("sebelum", "nilai", "batas", "lonjak"),
    [
        (40.0, 61.0, 50.0, True),
        (40.0, 60.0, 50.0, False),  # exactly 50 %: not more than
        (40.0, 19.0, 50.0, True),  # downward too
        (40.0, 61.0, 60.0, False),
        (0.0, 61.0, 50.0, False),  # no base to compare with
    ],
)
def test_lonjakan_tingkat(sebelum, nilai, batas, lonjak):
    x = _inputs(
        realisasi=_seri("A-1", {"2026-02": sebelum, P: nilai}),
        settings=Settings(level_jump_pct=batas),
    )
    f = _run("lonjakan_tingkat", x)
    assert len(f) == int(lonjak)
    if lonjak:
        assert (f["nilai"].iloc[0], f["nilai_sebelumnya"].iloc[0]) == (nilai, sebelum)


def test_lonjakan_tingkat_ignores_cumulative_indicators():
    f = _run("lonjakan_tingkat", _inputs(realisasi=_seri("A-2", {"2026-02": 10.0, P: 90.0})))
    assert f.empty


def _bulan(n: int, akhir: str = P) -> list[str]:
    return [str(p) for p in pd.period_range(end=akhir, periods=n, freq="M")]


@pytest.mark.parametrize(
    ("changes", "method", "threshold"),
    [
        ([1.0, 1.2, 0.9, 1.1, 1.0, 0.8, 1.05, 1.0], "modified_z", 3.5),
        ([1.0, 3.0, 2.0, 5.0, 4.0, 2.5, 3.5, 1.5], "z", 2.0),
        ([1.0, 3.0, 2.0, 5.0, 4.0, 2.5, 3.5, 1.5], "minmax", 1.0),
    ],
)
def test_pencilan_flags_a_change_far_from_the_history(changes, method, threshold):
    s = Settings(outlier_method=method, outlier_threshold=threshold)
    nilai = np.cumsum([50.0, *changes, 40.0])  # the last change (40) is far off
    realisasi = _seri("A-1", dict(zip(_bulan(len(nilai)), nilai, strict=True)))
    f = _run("pencilan", _inputs(realisasi=realisasi, settings=s))
    assert len(f) == 1
    assert f["skor"].iloc[0] == pytest.approx(q.skor_pencilan(np.array(changes), 40.0, s))
    assert abs(f["skor"].iloc[0]) > threshold
    # the same history with an ordinary last change: nothing
    biasa = np.cumsum([50.0, *changes, float(np.median(changes))])
    realisasi = _seri("A-1", dict(zip(_bulan(len(biasa)), biasa, strict=True)))
    assert _run("pencilan", _inputs(realisasi=realisasi, settings=s)).empty


def test_pencilan_needs_six_earlier_changes():
    nilai = np.cumsum([50.0, 1.0, 1.1, 0.9, 1.0, 1.0, 40.0])  # 5 earlier changes
    realisasi = _seri("A-1", dict(zip(_bulan(len(nilai)), nilai, strict=True)))
    assert _run("pencilan", _inputs(realisasi=realisasi)).empty


@pytest.mark.parametrize(
    ("history", "nilai", "method"),
    [
        ([1.0, 1.2, 0.9, 1.1, 1.0, 0.8], 5.0, "modified_z"),
        ([1.0, 1.2, 0.9, 1.1, 1.0, 0.8, np.nan], -2.0, "z"),
        ([1.0, 1.2, 0.9, 1.1, 1.0, 0.8], 2.0, "minmax"),
    ],
)
def test_skor_pencilan_against_its_formula(history, nilai, method):
    h = np.array(history)
    s = Settings(outlier_method=method)
    ok = h[~np.isnan(h)]
    if method == "modified_z":
        med = np.median(ok)
        harap = 0.6745 * (nilai - med) / max(np.median(np.abs(ok - med)), 0.05 * abs(med))
    elif method == "z":
        harap = (nilai - ok.mean()) / ok.std(ddof=1)
    else:
        harap = (nilai - ok.max()) / (ok.max() - ok.min()) * s.outlier_threshold * 2
    assert q.skor_pencilan(h, nilai, s) == pytest.approx(harap)


def test_whole_number_changes_are_judged_at_their_resolution():
    """A count that usually grows by one a month and this month by none is no outlier; growing
    by six at once still is."""
    steady = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 1.0])
    s = Settings()
    assert abs(q.skor_pencilan(steady, 0.0, s)) < s.outlier_threshold
    assert abs(q.skor_pencilan(steady, 6.0, s)) > s.outlier_threshold
    # fractional series keep the 5 % floor: 1,0 a month and then 0,0 is far off
    assert abs(q.skor_pencilan(steady + 0.1, 0.0, s)) > s.outlier_threshold


def test_skor_pencilan_none_without_spread_or_history():
    assert q.skor_pencilan(np.zeros(8), 9.0) is None  # a yearly statistic repeated monthly
    assert q.skor_pencilan(np.array([1.0, 2.0, 3.0]), 9.0) is None


@pytest.mark.parametrize(
    ("rows", "periode", "turun"),
    [
        ((("2026-02", "K1", 30.0), (P, "K1", 20.0), ("2026-02", "K2", 5.0), (P, "K2", 6.0)), P,
         ["K1"]),
        ((("2026-02", "K1", 20.0), (P, "K1", 20.0)), P, []),
        ((("2025-12", "K1", 90.0), ("2026-01", "K1", 5.0)), "2026-01", []),  # a new year
        (((P, "K1", 20.0),), P, []),  # no previous month
    ],
)  # fmt: skip
def test_keuangan_turun(rows, periode, turun):
    f = _run("keuangan_turun", _inputs(keuangan=_keuangan(rows), periode=periode))
    assert list(f["kode_kegiatan"]) == turun
    if turun:
        assert (f["nilai"].iloc[0], f["nilai_sebelumnya"].iloc[0]) == (20.0, 30.0)


# ------------------------------------------------------------------------------ duplicates, sources


def test_indikator_ganda_is_an_error_except_for_iku():
    real = _realisasi(
        [("A-1", P, 50.0), ("A-1", P, 50.0), ("A-2", P, 1.0), ("A-2", "2026-02", 1.0),
         ("IKU-1", P, 9.0, "BPS"), ("IKU-1", P, 9.5, "Dinas")]
    )  # fmt: skip
    f = _run("indikator_ganda", _inputs(realisasi=real))
    assert list(f["kode_indikator"]) == ["A-1"]
    assert list(f["tingkat"]) == ["galat"]
    assert f["pesan"].iloc[0] == "A-1 dilaporkan 2 kali."


@pytest.mark.parametrize(
    ("nilai", "toleransi", "beda"),
    [
        ((9.0, 10.0), 10.0, True),  # 11,1 % apart
        ((10.0, 11.0), 10.0, False),  # exactly 10 %: not more than
        ((9.0, 10.0), 12.0, False),
        ((9.0, np.nan), 10.0, False),  # one source empty: nothing to compare
        ((0.0, 10.0), 10.0, False),  # no base
    ],
)
def test_sumber_berbeda(nilai, toleransi, beda):
    real = _realisasi([("IKU-1", P, nilai[0], "BPS"), ("IKU-1", P, nilai[1], "Dinas")])
    f = _run(
        "sumber_berbeda",
        _inputs(realisasi=real, settings=Settings(source_tolerance_pct=toleransi)),
    )
    assert len(f) == int(beda)
    if beda:
        assert (f["nilai"].iloc[0], f["nilai_sebelumnya"].iloc[0]) == (10.0, 9.0)
        assert "BPS 9,00, Dinas 10,00" in f["pesan"].iloc[0]


def test_sumber_berbeda_one_source_is_quiet():
    real = _realisasi([("IKU-1", P, 9.0, "BPS"), ("IKU-1", "2026-02", 20.0, "Dinas")])
    assert _run("sumber_berbeda", _inputs(realisasi=real)).empty
