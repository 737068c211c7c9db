"""Orchestration: read each file, check it with the sheet rules, store it whole or not at all."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from monev.data import readers
from monev.data.files import atomic_write, file_sha256
from monev.data.ingest import identity, sheets
from monev.data.ingest.identity import Submission
from monev.data.ingest.messages import ERROR, WARNING, Finding, finding, shown
from monev.data.reference import Referensi, load_reference
from monev.data.store import (
    StoreBusyError,
    prepare,
    read_table,
    record_replaced,
    replace_kiriman,
)
from monev.model import layout
from monev.model.keputusan import periode_of_file
from monev.model.workbook import Workbook

SUBMISSION_SUFFIXES = (".xlsx", ".csv", ".xls", ".xlsm")
NOT_SUBMISSIONS = ("penerimaan.csv", "masalah_tertanam.csv")  # files kept beside the submissions
FINDINGS_COLUMNS = ["berkas", "lembar", "sel", "baris", "kolom", "nilai", "tingkat", "pesan"]


@dataclass
class FileResult:
    path: Path
    # dimuat (loaded, now in force) / ditolak (refused, nothing stored) / sama (this file was
    # recorded before: nothing changes) / digantikan (recorded in the history and archived, but
    # a higher revision of the same submission is in force) / kosong (recorded, no data) /
    # ditunda (not loaded: the store was taken by another program part-way; load it again)
    status: str
    findings: list[Finding]
    kode_opd: str | None = None
    periode: str | None = None
    sha256: str | None = None
    submission: Submission | None = None

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
                    "nilai": shown(f.value, lang),
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
        part = identity.csv_part(path.name)
        parts = [part] if part else []
        if not parts:
            names = [f"_{b.name}.csv" for b in layout.BAGIAN]
            raise readers.FileRefused(
                "nama_csv",
                bagian=f"{', '.join(names[:-1])} atau {names[-1]}",
                bagian_en=f"{', '.join(names[:-1])} or {names[-1]}",
                contoh=layout.file_name("DPUPR", "2026-02", layout.KINERJA.name),
            )
        return {}, {parts[0].name: readers.read_csv(path, parts[0])}, parts[0].name, False
    meta, tables, sheet_names = readers.read_xlsx(path)
    return meta, tables, "semua", layout.META_SHEET in sheet_names


def check_file(
    path: Path, ref: Referensi
) -> tuple[list[Finding], Submission | None, str, dict[str, pd.DataFrame]]:
    """Read and validate one file: (findings, its submission identity — None when it cannot be
    told or disagrees with the file's name or folder —, bagian, frames by table)."""
    findings: list[Finding] = []
    try:
        meta, tables, bagian, has_meta = _read(path)
    except readers.FileRefused as exc:
        return [finding(exc.key, **exc.fields)], None, "", {}
    except Exception as exc:  # a broken file must be refused with a message, never crash the batch
        return [finding("tak_terbaca", value=type(exc).__name__)], None, "", {}
    if has_meta:
        sheets.check_template_version(path, meta, findings)
        if findings:
            return findings, None, bagian, {}
    found = sheets.identify(path, meta, ref, findings)
    if found is None:
        return findings, None, bagian, {}
    kode_opd, periode = found
    ident = identity.submission_of(path, meta, has_meta, kode_opd, periode, bagian, ref, findings)
    if ident is None:
        return findings, None, bagian, {}
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
    # a blank or near-blank file is recorded with the finding ``kosong``; its rows are never data
    valid = frames and not any(f.severity == ERROR for f in findings)
    if valid and sheets.check_kosong(ref, kode_opd, periode, frames, findings):
        frames = {table: frame.iloc[0:0] for table, frame in frames.items()}
    return findings, ident, bagian, frames


def _loaded_status(findings: list[Finding]) -> str:
    """``kosong`` for a blank or near-blank file (recorded, no rows), else ``dimuat``."""
    return "kosong" if any(f.message_key == "kosong" for f in findings) else "dimuat"


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
    """The files to load, each once (a file named twice, or inside a folder named too, is one)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in SUBMISSION_SUFFIXES
                and f.name not in NOT_SUBMISSIONS
                and periode_of_file(f.name) is None  # a rakor decisions register: monev keputusan
            )
        else:
            files.append(p)
    seen: set[Path] = set()
    once = []
    for f in files:
        key = f.resolve()
        if key not in seen:
            seen.add(key)
            once.append(f)
    return once


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


class ArchiveError(RuntimeError):
    """The archived copy does not have the bytes the file was hashed with."""


def _test_pause_in_archive(fh) -> None:
    """``MONEV_UJI_JEDA_ARSIP=<seconds>`` (tests only): sleep with half of the archive written,
    so that a test can kill ingest in the middle of the copy."""
    pause = os.environ.get("MONEV_UJI_JEDA_ARSIP")
    if pause:
        fh.flush()
        time.sleep(float(pause))


def _remove_orphans(target: Path) -> None:
    """Temporary copies of ``target`` left by a process that was killed (``files.temporary_name``
    carries the writer's process id; one still running keeps its own)."""
    for tmp in target.parent.glob(f".{target.name}.*.tmp"):
        try:
            pid = int(tmp.name.removeprefix(f".{target.name}.").split(".")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            tmp.unlink(missing_ok=True)
        except (ValueError, PermissionError, OSError):
            continue


def archive(source: Path, target: Path, sha: str) -> None:
    """``data/raw/<sha256><ext>``: kept when its bytes hash to ``sha``; else (missing, or left
    truncated by an earlier kill) copied to a temporary name, verified against ``sha``, and only
    then renamed into place (``files.atomic_write``). ``ArchiveError`` when the source no longer
    has those bytes (it changed after it was hashed)."""
    target = Path(target)
    if target.exists() and file_sha256(target) == sha:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    _remove_orphans(target)

    def write(fh) -> None:
        with open(source, "rb") as src:
            size = os.fstat(src.fileno()).st_size
            fh.write(src.read(size // 2))
            _test_pause_in_archive(fh)
            shutil.copyfileobj(src, fh)
        fh.flush()
        if file_sha256(Path(fh.name)) != sha:
            raise ArchiveError(source)

    atomic_write(target, write)


@dataclass
class _Candidate:
    """A file of this load that could be the submission in force: recorded before (``known``),
    or read and valid now."""

    result: FileResult
    submission: Submission
    known: bool
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def sha(self) -> str:
        return self.result.sha256  # type: ignore[return-value]


def _rivals(c: _Candidate, candidates: list[_Candidate]) -> list[_Candidate]:
    """Other files of the load (other bytes) for an overlapping identity."""
    return [
        o
        for o in candidates
        if o is not c and o.sha != c.sha and o.submission.overlaps(c.submission)
    ]


def _decide(candidates: list[_Candidate]) -> dict[int, tuple[str, list[_Candidate]]]:
    """For each new file: ``muat`` (the highest revision among its rivals in this load),
    ``ganda`` (a rival has the same revision: refused together, naming the rivals) or
    ``kalah`` (a rival of a higher revision outranks it; the first of those)."""
    out: dict[int, tuple[str, list[_Candidate]]] = {}
    for c in candidates:
        if c.known:
            continue
        rivals = _rivals(c, candidates)
        same = [o for o in rivals if o.submission.revisi == c.submission.revisi]
        higher = sorted(
            (o for o in rivals if o.submission.revisi > c.submission.revisi),
            key=lambda o: (-o.submission.revisi, o.result.path.name),
        )
        if same:
            out[id(c)] = ("ganda", same)
        elif higher:
            top = [o for o in higher if o.submission.revisi == higher[0].submission.revisi]
            tied = [
                o
                for o in _rivals(top[0], candidates)
                if o.submission.revisi == top[0].submission.revisi
            ]
            out[id(c)] = ("ganda", top + tied) if tied else ("kalah", top)
        else:
            out[id(c)] = ("muat", [])
    return out


def _name_of(opd: pd.DataFrame, kode_opd: str) -> str:
    singkatan = opd.set_index("kode_opd")["singkatan"]
    return str(singkatan.get(kode_opd, kode_opd))


def ingest_files(
    workbook: Workbook,
    paths,
    *,
    diterima: dt.datetime | None = None,
    lang: str = "id",
    ref: Referensi | None = None,
    progress: bool = False,
) -> IngestResult:
    """Load files (or folders of files) into the store; see ``monev.data.ingest``.

    Every file is checked first; then, per OPD and month, the files of this load decide among
    themselves (highest revision wins, two of the same revision are refused together), and the
    winner is stored unless a version in force has a higher revision. Every accepted file is
    archived and recorded in ``riwayat_berkas``; the result does not depend on the order of the
    files, and loading the same files again changes nothing."""
    ref = ref or load_reference(workbook.reference)
    files = _files(paths)
    prepare(workbook.store)  # an older store gets its lineage first (riwayat_berkas)
    riwayat = read_table(workbook.store, "riwayat_berkas")
    recorded = {
        (r.sha256, r.nama_berkas): r for r in riwayat.itertuples(index=False)
    }  # fast path: this very file was recorded before
    recorded_keys = {
        (r.sha256, r.kode_opd, r.periode, r.bagian): r for r in riwayat.itertuples(index=False)
    }
    results: list[FileResult] = []
    candidates: list[_Candidate] = []
    iterator = files
    if progress:
        from tqdm import tqdm

        iterator = tqdm(files, desc="Memuat", unit="berkas")
    for path in iterator:
        try:  # a regular file within the size limit, checked before it is hashed or opened
            readers.check_regular_file(path)
        except readers.FileRefused as exc:
            results.append(FileResult(path, "ditolak", [finding(exc.key, **exc.fields)]))
            continue
        sha = file_sha256(path)
        row = recorded.get((sha, path.name))
        folder = identity.folder_periode(path)
        if row is not None and folder in (None, row.periode):
            sub = Submission(row.kode_opd, row.periode, row.bagian, int(row.revisi))
            result = FileResult(path, "sama", [], row.kode_opd, row.periode, sha, sub)
            results.append(result)
            candidates.append(_Candidate(result, sub, known=True))
            continue
        findings, sub, _bagian, frames = check_file(path, ref)
        if sub is None or any(f.severity == ERROR for f in findings):
            kode, periode = (sub.kode_opd, sub.periode) if sub else (None, None)
            results.append(FileResult(path, "ditolak", findings, kode, periode, sha, sub))
            continue
        row = recorded_keys.get((sha, *sub.key))
        known = row is not None
        if known:
            sub = Submission(row.kode_opd, row.periode, row.bagian, int(row.revisi))
        result = FileResult(
            path, "sama" if known else _loaded_status(findings), [] if known else findings,
            sub.kode_opd, sub.periode, sha, sub,
        )  # fmt: skip
        results.append(result)
        candidates.append(_Candidate(result, sub, known, frames))

    decisions = _decide(candidates)
    order = sorted(
        (c for c in candidates if not c.known),
        key=lambda c: (decisions[id(c)][0] != "muat", c.result.path.name, c.sha),
    )

    def store_one(c: _Candidate) -> None:
        verdict, others = decisions[id(c)]
        result, sub = c.result, c.submission
        opd = _name_of(ref.opd, sub.kode_opd)
        if verdict == "ganda":
            result.status = "ditolak"
            result.findings = [
                finding(
                    "kiriman_ganda",
                    berkas=result.path.name,
                    lain=", ".join(sorted({o.result.path.name for o in others})),
                    opd=opd,
                    periode=sub.periode,
                    revisi=sub.revisi,
                    revisi_baru=sub.revisi + 1,
                ),
                *result.findings,
            ]
            return
        arsip = workbook.raw / f"{c.sha}{result.path.suffix.lower()}"
        try:
            archive(result.path, arsip, c.sha)
        except ArchiveError:
            result.status = "ditolak"
            result.findings = [finding("berkas_berubah")]
            return
        received = _received_at(result.path) or diterima or dt.datetime.now()
        berkas = dict(
            sha256=c.sha,
            nama_berkas=result.path.name,
            kode_opd=sub.kode_opd,
            periode=sub.periode,
            bagian=sub.bagian,
            diterima=pd.Timestamp(received),
            dimuat=pd.Timestamp(dt.datetime.now()),
            arsip=str(arsip.relative_to(workbook.root).as_posix()),
            jumlah_peringatan=sum(f.severity == WARNING for f in result.findings),
        )
        if verdict == "kalah":
            winner = others[0]
            record_replaced(workbook.store, berkas, sub.revisi, winner.sha)
            in_force = dict(nama_berkas=winner.result.path.name, revisi=winner.submission.revisi)
        else:
            for frame in c.frames.values():
                frame["sha256"] = c.sha
            status, versions = replace_kiriman(
                workbook.store,
                berkas,
                c.frames,
                _findings_frame(c.sha, result.findings),
                sub.revisi,
            )
            if status == "berlaku":
                return
            if status == "sama":  # recorded meanwhile (another monev loaded it)
                result.status, result.findings = "sama", []
                return
            in_force = versions[0]
        result.status = "digantikan"
        result.findings = [
            finding(
                "revisi_lama",
                value=sub.revisi,
                opd=opd,
                periode=sub.periode,
                lain=in_force["nama_berkas"],
                revisi_lain=in_force["revisi"],
            ),
            *result.findings,
        ]

    for n, c in enumerate(order):
        try:
            store_one(c)
        except StoreBusyError as exc:
            # another program took the store: what is loaded stays loaded, the rest waits
            for rest in order[n:]:
                rest.result.status = "ditunda"
                rest.result.findings = [finding("basis_data_sibuk", sebab=str(exc))]
            break
    return IngestResult(results)
