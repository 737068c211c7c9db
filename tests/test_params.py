"""params/<periode>.yaml: validated, with messages an analyst can act on, before anything runs."""

from __future__ import annotations

import pytest

from monev.report.params import NOTEBOOK_PARAMETERS, ParamsError, baca_params


def tulis(tmp_path, text, periode="2026-10"):
    (tmp_path / f"{periode}.yaml").write_text(text, encoding="utf-8")
    return tmp_path


def test_missing_file_gives_defaults_and_says_so(tmp_path):
    params, asal = baca_params(tmp_path, "2026-10")
    assert params.periode == "2026-10" and params.asisten == "" and params.jobs == 2
    assert "tidak ada" in asal


def test_full_file(tmp_path):
    tulis(
        tmp_path,
        'periode: "2026-10"\nasisten: II\njudul: "Rakor Ekobang"\ntanggal_rapat: 2026-11-09\n'
        "jobs: 3\nsettings:\n  negative_formula: T/R\n  cap: 120\n",
    )
    params, _ = baca_params(tmp_path, "2026-10")
    assert params.asisten == "II" and params.judul == "Rakor Ekobang"
    assert params.tanggal_rapat == "2026-11-09"  # a YAML date becomes ISO text
    assert params.settings.negative_formula == "T/R" and params.settings.cap == 120
    assert params.jobs == 3


def test_cli_overrides_file(tmp_path):
    tulis(tmp_path, "asisten: II\njobs: 3\n")
    params, _ = baca_params(tmp_path, "2026-10", asisten="I", jobs=1)
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
        ("settings:\n  negative_formula: R/T\n", "negative_formula"),
        ("settings:\n  tak_ada: 1\n", "tidak dikenal"),
        ("judul: 2026\n", "judul"),
        ("- a\n- b\n", "kunci"),
        ("asisten: [\n", "YAML"),
    ],
)
def test_bad_params_refused_with_message(tmp_path, text, pesan):
    tulis(tmp_path, text)
    with pytest.raises(ParamsError, match=pesan):
        baca_params(tmp_path, "2026-10")


def test_bad_period_refused(tmp_path):
    with pytest.raises(ParamsError, match="contoh"):
        baca_params(tmp_path, "Oktober")


def test_notebook_parameters_are_allow_listed_text(tmp_path):
    params, _ = baca_params(tmp_path, "2026-10")
    nb = params.notebook(tmp_path, kode_opd="1.03.0.00.0.00.01.0000")
    assert set(nb) <= set(NOTEBOOK_PARAMETERS)
    assert all(isinstance(v, str) for v in nb.values())
    with pytest.raises(ParamsError, match="tidak dikenal"):
        params.notebook(tmp_path, **{"__import__('os')": "x"})


def test_notebooks_declare_exactly_the_allow_listed_parameters():
    from pathlib import Path

    import papermill

    folder = Path(__file__).resolve().parents[1] / "notebooks"
    for name in ("rakor", "opd", "iku", "kualitas_data"):
        declared = set(papermill.inspect_notebook(str(folder / f"{name}.ipynb")))
        assert declared == set(NOTEBOOK_PARAMETERS), name
