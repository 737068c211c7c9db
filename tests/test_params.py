"""params/<periode>.yaml: validated, with messages an analyst can act on, before anything runs."""

from __future__ import annotations

import pytest

from monev.app.params import ParamsError, read_params
from monev.model.daerah import Asisten, Daerah
from monev.report.reports import REPORTS, notebook_path, report_kind


def tulis(tmp_path, text, periode="2026-10"):
    (tmp_path / f"{periode}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_file_gives_defaults_and_says_so(tmp_path):
    params, asal = read_params(tmp_path, "2026-10")
    assert params.periode == "2026-10" and params.asisten == "" and params.jobs == 2
    assert "tidak ada" in asal


def test_full_file(tmp_path):
    tulis(
        tmp_path,
        'periode: "2026-10"\nasisten: II\njudul: "Rakor Ekobang"\ntanggal_rapat: 2026-11-09\n'
        "jobs: 3\nsettings:\n  negative_formula: T/R\n  cap: 120\n",
    )
    params, _ = read_params(tmp_path, "2026-10")
    assert params.asisten == "II" and params.judul == "Rakor Ekobang"
    assert params.tanggal_rapat == "2026-11-09"  # a YAML date becomes ISO text
    assert params.settings.negative_formula == "T/R" and params.settings.cap == 120
    assert params.jobs == 3


def test_params_take_the_indonesian_setting_names(tmp_path):
    tulis(tmp_path, "pengaturan:\n  rumus_negatif: T/R\n  jendela_tren: 4\n")
    params, _ = read_params(tmp_path, "2026-10")
    assert params.settings.negative_formula == "T/R" and params.settings.trend_window == 4
    # one name per setting in what the notebooks and the cache receive
    assert params.overrides == {"negative_formula": "T/R", "trend_window": 4}


def test_cli_overrides_file(tmp_path):
    tulis(tmp_path, "asisten: II\njobs: 3\n")
    params, _ = read_params(tmp_path, "2026-10", asisten="I", jobs=1)
    assert params.asisten == "I" and params.jobs == 1


@pytest.mark.parametrize(
    ("text", "pesan"),
    [
        ("asisten: IV\n", "asisten"),
        ("asisten: NO\n", "asisten"),  # YAML reads NO as false
        ("periode: 2026-09\n", "tidak sama"),
        ("tanggal_rapat: besok\n", "tanggal_rapat"),
        ("jobs: dua\n", "jobs"),
        ("jobs: 0\n", "jobs"),
        ("rapat: 1\n", "tidak dikenal"),
        ("settings:\n  negative_formula: R/T\n", "rumus_negatif"),
        ("pengaturan:\n  rumus_negatif: R/T\n", "rumus_negatif"),
        ("pengaturan: {}\nsettings: {}\n", "ditulis keduanya"),
        ("pengaturan:\n  jendela_tren: 3\n  trend_window: 4\n", "dua kali"),
        ("settings:\n  tak_ada: 1\n", "tidak dikenal"),
        ("judul: 2026\n", "judul"),
        ("- a\n- b\n", "kunci"),
        ("asisten: [\n", "YAML"),
    ],
)
def test_bad_params_refused_with_message(tmp_path, text, pesan):
    tulis(tmp_path, text)
    with pytest.raises(ParamsError, match=pesan):
        read_params(tmp_path, "2026-10", daerah=TIGA_ASISTEN)


TIGA_ASISTEN = Daerah(
    "Kabupaten Contoh", tuple(Asisten(k, f"Asisten {k}") for k in ("I", "II", "III"))
)


def test_asisten_and_title_come_from_the_regency(tmp_path):
    """Coordination lines and the default title are the regency's (daerah.yaml), not fixed."""
    lain = Daerah("Kota Lain", (Asisten("Ekbang", "Asisten Ekonomi"),), judul_rakor="Rakor Kota")
    tulis(tmp_path, "asisten: ekbang\n")
    params, _ = read_params(tmp_path, "2026-10", daerah=lain)
    assert params.asisten == "Ekbang" and params.judul == "Rakor Kota"
    with pytest.raises(ParamsError, match="Ekbang"):
        read_params(tmp_path, "2026-10", asisten="II", daerah=lain)


def test_bad_period_refused(tmp_path):
    with pytest.raises(ParamsError, match="contoh"):
        read_params(tmp_path, "Oktober")


def test_notebook_parameters_are_the_declared_text(tmp_path):
    params, _ = read_params(tmp_path, "2026-10")
    opd = report_kind("opd")
    nb = params.notebook(tmp_path, opd.all_parameters, kode_opd="1.03.0.00.0.00.01.0000")
    assert list(nb) == list(opd.all_parameters)
    assert all(isinstance(v, str) for v in nb.values())
    with pytest.raises(ParamsError, match="tanpa nilai"):
        params.notebook(tmp_path, ("root", "__import__('os')"))


@pytest.mark.parametrize("kind", REPORTS, ids=lambda k: k.notebook)
def test_each_notebook_declares_exactly_its_report_parameters(kind):
    """The report table is the one list of a notebook's parameters: a notebook that declares
    one more or one fewer would run with a default papermill never replaces."""
    import papermill

    declared = set(papermill.inspect_notebook(str(notebook_path(kind.notebook))))
    assert declared == set(kind.all_parameters)
