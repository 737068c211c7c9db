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


def test_ranges_with_and_without_direction(tmp_path, capsys):
    # methods.md §1 and oracles.md: a positif/negatif polarity is the range's direction; a
    # rentang with an "arah rentang" uses it; without one, both sides are worse
    f = tmp_path / "rentang.csv"
    f.write_text(
        "Indikator;Polaritas;Arah rentang;Target;Realisasi\n"
        "Contoh 1;positif;;80–90;70\n"
        "Contoh 2;negatif;;7–8;6,5\n"
        "Contoh 3;negatif;;7–8;9\n"
        "Contoh 4 (erratum: dicetak 113);positif;;80–90;92\n"
        "BOR;rentang;;60–85;92\n"
        "BOR rendah;rentang;;60–85;48\n"
        "Gini;rentang;;0,25–0,26;0,28\n"
        "Gini arah negatif;rentang;negatif;0,25–0,26;0,24\n"
        "BOR arah positif;rentang;positif;60–85;92\n",
        encoding="utf-8",
    )
    code, out, _ = jalankan([str(f)], capsys)
    assert code == 0
    df = baca_csv(out)
    assert list(df["capaian"]) == [
        "87,50", "107,14", "87,50", "102,22", "91,76", "80,00", "92,31", "104,00", "108,24",
    ]  # fmt: skip
    assert list(df["predikat"])[4:7] == ["Sangat Tinggi", "Tinggi", "Sangat Tinggi"]


def test_unknown_range_direction_named(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("Indikator;Polaritas;Arah rentang;Target;Realisasi\nA;rentang;naik;1–2;3\n")
    code, _, err = jalankan([str(f)], capsys)
    assert code == 1 and 'kolom "Arah rentang": "naik"' in err and "sel C2" in err


def test_exact_band_edges_get_the_lower_band_in_the_output(tmp_path, capsys):
    # targets typed with two decimals and realisasi exactly 90/75/65/50 % of them: the sums
    # give 90.00000000000001 and the like; the output shows the edge and the band below it
    rows, want = ["Indikator;Polaritas;Target;Realisasi"], []
    bawah = {90: "Tinggi", 75: "Sedang", 65: "Rendah", 50: "Sangat Rendah"}
    for i, t in enumerate(range(101, 20001, 37)):
        t = t / 100
        for k in (90, 75, 65, 50):
            r = round(t * k / 100, 6)
            if abs(r * 100 - t * k) > 1e-6 * t:
                continue
            teks = lambda v: f"{v:.6f}".rstrip("0").rstrip(".").replace(".", ",")  # noqa: E731
            rows.append(f"i{i};positif;{teks(t)};{teks(r)}")
            want.append((f"{k},00", bawah[k]))
    f = tmp_path / "tepi.csv"
    f.write_text("\n".join(rows) + "\n")
    code, out, _ = jalankan([str(f)], capsys)
    assert code == 0
    df = baca_csv(out)
    assert len(df) == len(want) > 1000
    assert list(zip(df["capaian"], df["predikat"], strict=True)) == want


def test_half_up_in_the_printed_capaian(tmp_path, capsys):
    f = tmp_path / "t.csv"
    f.write_text("Indikator;Polaritas;Target;Realisasi\nA;positif;800;521\n")  # 65,125 %
    _, out, _ = jalankan([str(f)], capsys)
    assert baca_csv(out)["capaian"][0] == "65,13"  # half up, never half to even (65,12)
    assert baca_csv(out)["predikat"][0] == "Sedang"
