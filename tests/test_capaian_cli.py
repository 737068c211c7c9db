"""``monev capaian TABEL``: real CSV and XLSX files in tmp_path, through the command's parser."""

from __future__ import annotations

import argparse
import io

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook

from monev.commands import capaian


def jalankan(argv, capsys):
    parser = argparse.ArgumentParser(prog="monev capaian")
    parser.add_argument("--root", default=".")  # the CLI adds it to every subcommand
    capaian.add_arguments(parser)
    code = capaian.run(parser.parse_args(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def baca_csv(text: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text), sep=";", dtype=str, keep_default_na=False)


def test_csv_indonesian_numbers_to_stdout(tmp_path, capsys):
    f = tmp_path / "tabel.csv"
    f.write_text(
        "Indikator;Polaritas;Target;Realisasi\n"
        "Insiden DBD;negatif;49;56,23\n"
        "Rentang;positif;80–90;92\n"
        "TPT;negatif;1,02;2,96\n"
        "Nol;positif;0;5\n"
        "Kosong;positif;10;-\n"
        "Besar;positif;1.000;1.985,8\n",
        encoding="utf-8-sig",
    )
    code, out, _ = jalankan([str(f)], capsys)
    assert code == 0
    df = baca_csv(out)
    assert list(df.columns) == [
        "Indikator", "Polaritas", "Target", "Realisasi", "capaian", "predikat", "keterangan",
    ]  # fmt: skip
    assert list(df["capaian"]) == ["85,24", "102,22", "-90,20", "", "", "198,58"]
    assert list(df["predikat"])[:3] == ["Tinggi", "Sangat Tinggi", "Sangat Rendah"]
    assert df["keterangan"][3] == "tidak dapat dihitung: target 0"
    assert "realisasi" in df["keterangan"][4]


def test_english_headers_and_plain_decimals(tmp_path, capsys):
    f = tmp_path / "table.csv"
    f.write_text(
        " INDICATOR ,Polarity,target,Actual\nGrowth,positive,7.85,6.47\nRange,range,80-90,70\n"
    )
    code, out, _ = jalankan([str(f)], capsys)
    assert code == 0
    df = baca_csv(out)
    assert list(df["capaian"]) == ["82,42", "87,50"]


def test_negatif_formula_and_cap_options(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("indikator,polaritas,target,realisasi\nIRB,negatif,\"88,82\",\"135,15\"\n"
                 "Jalan,positif,100,\"198,58\"\n")  # fmt: skip
    _, out, _ = jalankan([str(f)], capsys)
    assert list(baca_csv(out)["capaian"]) == ["47,84", "198,58"]
    _, out, _ = jalankan([str(f), "--negatif", "T/R", "--cap", "120"], capsys)
    assert list(baca_csv(out)["capaian"]) == ["65,72", "120,00"]


def test_missing_column_named(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("Indikator;Target;Realisasi\nA;1;1\n")
    code, out, err = jalankan([str(f)], capsys)
    assert code == 1 and out == ""
    assert "t.csv" in err and "polaritas" in err and "polarity" in err


def test_bad_cells_listed_with_cell_and_value(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text(
        "Indikator;Polaritas;Target;Realisasi\nA;positif;abc;5\nB;naik;1;2\nC;positif;1;1,2,3\n"
    )
    code, _, err = jalankan([str(f)], capsys)
    assert code == 1
    assert 'baris 2 (sel C2), kolom "Target": "abc"' in err
    assert "sel B3" in err and '"naik"' in err
    assert "sel D4" in err and "Contoh: 85,5" in err


def test_xlsx_in_and_out(tmp_path, capsys):
    f = tmp_path / "t.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Indikator", "Polaritas", "Target", "Realisasi"])
    ws.append(["DBD", "negatif", 50, "56,23"])
    ws.append(["Persen", "positif", 0.8, 0.7])
    ws["C3"].number_format = "0%"
    ws["D3"].number_format = "0.0%"
    ws.append(["x", "positif", 10, 5])
    ws["A4"].value = "=1+1 bukan rumus"
    ws["A4"].data_type = "s"  # text that looks like a formula, as a user may type it
    wb.save(f)
    out_path = tmp_path / "hasil.xlsx"
    code, _, err = jalankan([str(f), "-o", str(out_path)], capsys)
    assert code == 0 and "3 dari 3" in err
    res = load_workbook(out_path).active
    rows = list(res.values)
    assert rows[0][-3:] == ("capaian", "predikat", "keterangan")
    assert rows[1][4] == pytest.approx(87.54)
    assert rows[2][4] == pytest.approx(87.5)  # percent cells read as 80 and 70, not 0,8
    assert rows[3][0].startswith("'=")  # text kept as text, never a live formula


def test_csv_output_file_and_unknown_type(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("Indikator;Polaritas;Target;Realisasi\nA;positif;4;3\n")
    out_path = tmp_path / "hasil.csv"
    assert jalankan([str(f), "-o", str(out_path)], capsys)[0] == 0
    df = pd.read_csv(out_path, sep=";", dtype=str, encoding="utf-8-sig")
    assert df["capaian"][0] == "75,00" and df["predikat"][0] == "Sedang"  # 75 is not > 75
    odt = tmp_path / "t.ods"
    odt.write_text("x")
    code, _, err = jalankan([str(odt)], capsys)
    assert code == 1 and ".xlsx" in err
    assert jalankan([str(f), "-o", str(tmp_path / "x.txt")], capsys)[0] == 2


def test_registered_in_cli():
    from monev import cli

    assert "capaian" in cli.COMMANDS
    assert capaian.BANTUAN and "85.5" in capaian.BANTUAN
