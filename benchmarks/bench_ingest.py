"""Loading one month of submissions from every OPD (filled templates), per file.

    .venv/bin/python benchmarks/bench_ingest.py [--ulang 3]

Side by side in this process, on the same files: (a) ``ingest_files`` into a fresh store (strict
reading, validation, archive, one transaction per file); (b) the baseline a first version would
write: ``pandas.read_excel`` of the three sheets (no validation, nothing stored); (c) the resource
checks alone, as ingest runs them before any work (regular file, size, the .xlsx streamed once
with expat; a CSV read within its bounds): their share of (a) is what the bounds cost. Prints
medians of seconds per file and the ratios (a)/(b) and (c)/(a).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import pandas as pd

from monev.data import readers
from monev.data.ingest import ingest_files
from monev.data.sample import generate_sample
from monev.model import layout
from monev.model.workbook import Workbook


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--ulang", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "buku"
        generate_sample(root, dari="2026-10", sampai="2026-10")
        wb = Workbook.at(root)
        files = sorted(
            p
            for p in (wb.submissions / "2026-10").iterdir()
            if p.suffix in (".xlsx", ".csv") and p.name != "penerimaan.csv"
        )
        xlsx = [p for p in files if p.suffix == ".xlsx"]
        a, b, c = [], [], []
        for _ in range(args.ulang):
            shutil.rmtree(wb.data / "raw", ignore_errors=True)
            wb.store.unlink(missing_ok=True)
            t = time.perf_counter()
            hasil = ingest_files(wb, files)
            a.append((time.perf_counter() - t) / len(files))
            assert not hasil.ditolak
            t = time.perf_counter()
            for p in xlsx:
                for b_ in layout.BAGIAN:
                    pd.read_excel(p, sheet_name=b_.sheet, header=layout.HEADER_ROW - 1)
            b.append((time.perf_counter() - t) / len(xlsx))
            t = time.perf_counter()
            for p in files:
                readers.check_file_format(p)
                readers._SCANNED.clear()  # as a first reading of each file
                if p.suffix == ".csv":
                    readers.read_csv_rows(p)
            c.append((time.perf_counter() - t) / len(files))
    ma, mb, mc = statistics.median(a), statistics.median(b), statistics.median(c)
    print(f"{len(files)} berkas ({len(xlsx)} .xlsx) dari semua OPD, satu bulan")
    print(f"(a) ingest_files : {ma * 1000:.0f} ms/berkas (median dari {args.ulang})")
    print(f"(b) read_excel   : {mb * 1000:.0f} ms/berkas (tanpa validasi, tanpa simpan)")
    print(f"(c) batas sumber : {mc * 1000:.1f} ms/berkas (cek sebelum kerja, bagian dari (a))")
    print(f"rasio (a)/(b)    : {ma / mb:.2f}")
    print(f"rasio (c)/(a)    : {mc / ma:.3f}")


if __name__ == "__main__":
    main()
