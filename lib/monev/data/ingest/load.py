"""Orchestration: read each file, check it with the sheet rules, store it whole or not at all."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from monev.data import readers
from monev.data.files import file_sha256
from monev.data.ingest import sheets
from monev.data.ingest.messages import ERROR, WARNING, Finding, finding, shown
from monev.data.reference import Referensi, load_reference
from monev.data.store import read_table, replace_kiriman
from monev.model import layout
from monev.model.workbook import Workbook

SUBMISSION_SUFFIXES = (".xlsx", ".csv", ".xls", ".xlsm")
NOT_SUBMISSIONS = ("penerimaan.csv", "masalah_tertanam.csv")  # files kept beside the submissions
FINDINGS_COLUMNS = ["berkas", "lembar", "sel", "baris", "kolom", "nilai", "tingkat", "pesan"]


@dataclass
class FileResult:
    path: Path
    status: str  # dimuat (loaded) / ditolak (refused, nothing stored) / sama (loaded before)
    findings: list[Finding]
    kode_opd: str | None = None
    periode: str | None = None
    sha256: str | None = None

    def findings_table(self, lang: str = "id") -> pd.DataFrame:
        """The findings as the OPD gets them back (Indonesian column names)."""
        labels = {ERROR: "Galat", WARNING: "Peringatan"}
        if lang != "id":
            labels = {ERROR: "Error", WARNING: "Warning"}
        return pd.DataFrame(
            [
                {
                    "berkas": self.path.name,
                    "lembar": f.sheet,
                    "sel": f.cell,
                    "baris": f.row,
                    "kolom": f.column,
                    "nilai": shown(f.value),
                    "tingkat": labels[f.severity],
                    "pesan": f.message(lang),
                }
                for f in self.findings
            ],
            columns=FINDINGS_COLUMNS,
        )


@dataclass
class IngestResult:
    berkas: list[FileResult]

    @property
    def ditolak(self) -> list[FileResult]:
        return [b for b in self.berkas if b.status == "ditolak"]

    def findings_table(self, lang: str = "id") -> pd.DataFrame:
        frames = [b.findings_table(lang) for b in self.berkas if b.findings]
        if not frames:
            return pd.DataFrame(columns=FINDINGS_COLUMNS)
        return pd.concat(frames, ignore_index=True)


def _read(path: Path) -> tuple[dict[str, str], dict[str, readers.Table], str, bool]:
    """(_meta values, tables by part, the part loaded — ``semua`` for a template —, whether the
    file has a _meta sheet). Raises ``readers.FileRefused``."""
    readers.check_file_format(path)
    if path.suffix.lower() == ".csv":
        m = readers.CSV_NAME.match(path.name)
        parts = [b for b in layout.BAGIAN if m and b.name == m.group("b").lower()]
        if not parts:
            names = [f"_{b.name}.csv" for b in layout.BAGIAN]
            raise readers.FileRefused(
                f"Nama berkas CSV harus SINGKATAN_YYYY-MM{', '.join(names[:-1])} atau "
                f"{names[-1]}, contoh {layout.file_name('DPUPR', '2026-02', layout.KINERJA.name)}."
            )
        return {}, {parts[0].name: readers.read_csv(path, parts[0])}, parts[0].name, False
    meta, tables, sheet_names = readers.read_xlsx(path)
    return meta, tables, "semua", layout.META_SHEET in sheet_names


def check_file(
    path: Path, ref: Referensi
) -> tuple[list[Finding], tuple[str, str] | None, str, dict[str, pd.DataFrame]]:
    """Read and validate one file: (findings, (kode_opd, periode), bagian, frames by table)."""
    findings: list[Finding] = []
    try:
        meta, tables, bagian, has_meta = _read(path)
    except readers.FileRefused as exc:
        return [finding("ditolak", value=str(exc))], None, "", {}
    except Exception as exc:  # a broken file must be refused with a message, never crash the batch
        text = (
            f"Berkas tidak dapat dibaca ({type(exc).__name__}). "
            "Buka di Excel dan simpan ulang sebagai .xlsx."
        )
        return [finding("ditolak", value=text)], None, "", {}
    if has_meta:
        sheets.check_template_version(path, meta, findings)
        if findings:
            return findings, None, bagian, {}
    ident = sheets.identify(path, meta, ref, findings)
    if ident is None:
        return findings, None, bagian, {}
    kode_opd, periode = ident
    frames = {}
    for b in layout.BAGIAN:
        if b.name not in tables:
            if bagian == "semua":
                findings.append(finding("lembar_hilang", value=b.sheet))
            continue
        table = tables[b.name]
        missing = sheets.missing_columns(table, b)
        header_row = layout.HEADER_ROW if bagian == "semua" else 1
        for header in missing:
            findings.append(
                finding("kolom_hilang", value=header, sheet=table.sheet, row=header_row)
            )
        if not missing:
            frames[b.store_table] = sheets.RULES[b.name](table, ref, kode_opd, periode, findings)
    return findings, ident, bagian, frames


def _received_at(path: Path) -> dt.datetime | None:
    """When the file arrived, from ``penerimaan.csv`` beside it."""
    log = path.parent / "penerimaan.csv"
    if not log.exists():
        return None
    frame = pd.read_csv(log, dtype=str)
    hit = frame[frame["nama_berkas"] == path.name]
    if hit.empty:
        return None
    return pd.Timestamp(hit["diterima"].iloc[0]).to_pydatetime()


def _files(paths) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in SUBMISSION_SUFFIXES and f.name not in NOT_SUBMISSIONS
            )
        else:
            files.append(p)
    return files


def _findings_frame(sha: str, findings: list[Finding]) -> pd.DataFrame:
    """The store's ``temuan_muat`` rows of a loaded file (placeholders are kept as
    ``realisasi.alasan_kosong`` instead)."""
    from monev.model.schemas import STORE_SCHEMAS

    return pd.DataFrame(
        [
            dict(
                sha256=sha,
                tingkat=f.severity,
                lembar=f.sheet,
                sel=f.cell,
                kolom=f.column,
                nilai=shown(f.value),
                pesan=f.message("id"),
            )
            for f in findings
            if f.message_key != "placeholder"
        ],
        columns=list(STORE_SCHEMAS["temuan_muat"].columns),
    )


def ingest_files(
    workbook: Workbook,
    paths,
    *,
    diterima: dt.datetime | None = None,
    lang: str = "id",
    ref: Referensi | None = None,
    progress: bool = False,
) -> IngestResult:
    """Load files (or folders of files) into the store; see ``monev.data.ingest``."""
    ref = ref or load_reference(workbook.reference)
    files = _files(paths)
    old = read_table(workbook.store, "berkas")
    known = set(zip(old["sha256"], old["nama_berkas"], strict=True))
    results = []
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc="Memuat", unit="berkas")
    for path in iterator:
        sha = file_sha256(path)
        if (sha, path.name) in known:
            results.append(FileResult(path, "sama", [], sha256=sha))
            continue
        findings, ident, bagian, frames = check_file(path, ref)
        if ident is None or any(f.severity == ERROR for f in findings):
            results.append(FileResult(path, "ditolak", findings, *(ident or (None, None)), sha))
            continue
        kode_opd, periode = ident
        archive = workbook.raw / f"{sha}{path.suffix.lower()}"
        archive.parent.mkdir(parents=True, exist_ok=True)
        if not archive.exists():
            shutil.copyfile(path, archive)
        received = _received_at(path) or diterima or dt.datetime.now()
        berkas = dict(
            sha256=sha,
            nama_berkas=path.name,
            kode_opd=kode_opd,
            periode=periode,
            bagian=bagian,
            diterima=pd.Timestamp(received),
            dimuat=pd.Timestamp(dt.datetime.now()),
            arsip=str(archive.relative_to(workbook.root).as_posix()),
            jumlah_peringatan=sum(f.severity == WARNING for f in findings),
        )
        for frame in frames.values():
            frame["sha256"] = sha
        replace_kiriman(workbook.store, berkas, frames, _findings_frame(sha, findings))
        known.add((sha, path.name))
        results.append(FileResult(path, "dimuat", findings, kode_opd, periode, sha))
    return IngestResult(results)
