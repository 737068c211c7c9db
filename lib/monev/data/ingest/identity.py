"""Which submission a file is: its identity (OPD, periode, part) and its revision.

The identity comes from the template's hidden ``_meta`` sheet (a CSV part has none: from its
name) and must agree with the file name (``SINGKATAN_YYYY-MM...``) and with the month folder it
lies in (``data/kiriman/<periode>/``); any disagreement refuses the file, naming both values — a
``_meta`` of 2026-09 in the folder 2026-10 is most likely last month's file used again.

The revision: ``revisi`` in ``_meta`` (the template writes 0) and a ``_revN`` suffix of the file
name; either one may say it, and when both say a number above 0 they must agree. Among the files
of one OPD and month, the highest revision is the submission in force (``ingest.load``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from monev.data import readers
from monev.data.ingest.messages import Finding, finding
from monev.data.reference import Referensi
from monev.model import layout
from monev.model.periode import Periode, PeriodeError

XLSX = "semua"  # the part of an .xlsx: every sheet
_NAME = re.compile(
    r"^(?P<s>[A-Z][A-Z0-9-]{1,15})_(?P<p>\d{4}-\d{2})"
    r"(?:_(?P<b>" + "|".join(b.name for b in layout.BAGIAN) + r"))?"
    r"(?:" + layout.REVISION_SUFFIX + r")?"
    r"(?P<rest>.*?)\.(?P<ext>xlsx|xlsm|xls|csv)$",
    re.IGNORECASE,
)
_FOLDER = re.compile(r"^\d{4}-\d{2}$")


@dataclass(frozen=True)
class Submission:
    """One file's place: which OPD and month, which part (``semua`` or a CSV part), which
    revision."""

    kode_opd: str
    periode: str
    bagian: str
    revisi: int

    def overlaps(self, other: Submission) -> bool:
        """Both give (some of) the same data: same OPD and month, and the same part or an .xlsx."""
        same_month = (self.kode_opd, self.periode) == (other.kode_opd, other.periode)
        return same_month and (self.bagian == other.bagian or XLSX in (self.bagian, other.bagian))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kode_opd, self.periode, self.bagian)


@dataclass(frozen=True)
class FileName:
    singkatan: str
    periode: str
    bagian: str | None  # the CSV part named, if any
    revisi: int | None  # N of ``_revN``


def parse_name(name: str) -> FileName | None:
    """What a file name says: ``DPUPR_2026-10_rev1.xlsx``, ``DPUPR_2026-10_kinerja_rev2.csv``
    (anything after the codes is allowed in an .xlsx name: ``DPUPR_2026-10 final.xlsx``)."""
    m = _NAME.match(name)
    if not m:
        return None
    if m.group("ext").lower() == "csv" and (m.group("rest") or not m.group("b")):
        return None
    rev = m.group("rev")
    return FileName(
        m.group("s").upper(),
        m.group("p"),
        m.group("b").lower() if m.group("b") else None,
        int(rev) if rev is not None else None,
    )


def csv_part(name: str) -> layout.Bagian | None:
    """The layout part a CSV file name gives (``..._kinerja.csv``, ``..._kinerja_rev1.csv``)."""
    parsed = parse_name(name)
    if parsed is None or parsed.bagian is None:
        return None
    return next(b for b in layout.BAGIAN if b.name == parsed.bagian)


def folder_periode(path: Path) -> str | None:
    """The month of the folder the file lies in, when it is a month folder (``2026-10``)."""
    name = Path(path).parent.name
    return name if _FOLDER.match(name) else None


def _meta_cell(key: str, value: object) -> readers.Cell:
    row = layout.META_KEYS.index(key) + 1
    return readers.Cell(layout.META_SHEET, f"B{row}", row, key, value)


def _meta_revision(path: Path, meta: dict[str, str], findings: list[Finding]) -> int | None:
    text = (meta.get("revisi") or "").strip()
    if not text:
        return 0
    try:
        number = float(text)
    except ValueError:
        number = -1.0
    if number < 0 or number != int(number) or number > 999:
        findings.append(
            finding("revisi_tak_sah", _meta_cell("revisi", text), text, berkas=path.name)
        )
        return None
    return int(number)


def _disagree(
    path: Path,
    findings: list[Finding],
    key: str,
    value: object,
    lain: object,
    sumber: tuple[str, str],
    sumber_lain: tuple[str, str],
    at: readers.Cell | None = None,
) -> None:
    """The finding ``key`` (``periode_beda``, ``opd_beda``, ``revisi_beda``): ``value`` by
    ``sumber``, ``lain`` by ``sumber_lain`` (each: Indonesian, English)."""
    findings.append(
        finding(
            key,
            at,
            value,
            berkas=path.name,
            sumber=sumber[0],
            source=sumber[1],
            lain=lain,
            sumber_lain=sumber_lain[0],
            source_other=sumber_lain[1],
        )
    )


_META = ("lembar _meta", "sheet _meta")
_NAMA = ("nama berkas", "the file name")
_FOLDER_SRC = ("folder berkas", "the file's folder")


def submission_of(
    path: Path,
    meta: dict[str, str],
    has_meta: bool,
    kode_opd: str,
    periode: str,
    bagian: str,
    ref: Referensi,
    findings: list[Finding],
) -> Submission | None:
    """The file's ``Submission`` once ``sheets.identify`` gave (kode_opd, periode); every
    disagreement between ``_meta``, the file name and the folder is a finding (then None)."""
    path = Path(path)
    before = len(findings)
    name = parse_name(path.name)
    singkatan = ref.opd.set_index("kode_opd")["singkatan"].to_dict()
    by_singkatan = {s: k for k, s in singkatan.items()}
    if has_meta and name is not None:
        if name.singkatan != singkatan.get(kode_opd):
            _disagree(
                path,
                findings,
                "opd_beda",
                f"{singkatan.get(kode_opd, kode_opd)} ({kode_opd})",
                f"{name.singkatan} ({by_singkatan.get(name.singkatan, '?')})",
                _META,
                _NAMA,
                _meta_cell("kode_opd", kode_opd),
            )
        if name.periode != periode:
            _disagree(
                path,
                findings,
                "periode_beda",
                periode,
                name.periode,
                _META,
                _NAMA,
                _meta_cell("periode", periode),
            )
    folder = folder_periode(path)
    if folder is not None and folder != periode:
        try:
            folder = str(Periode.parse(folder))
        except PeriodeError:
            folder = None
        if folder is not None and folder != periode:
            source = _META if has_meta else _NAMA
            at = _meta_cell("periode", periode) if has_meta else None
            _disagree(path, findings, "periode_beda", periode, folder, source, _FOLDER_SRC, at)
    revisi = _meta_revision(path, meta, findings) if has_meta else 0
    named = name.revisi if name is not None else None
    if revisi is not None and named is not None:
        if revisi and named != revisi:
            _disagree(
                path,
                findings,
                "revisi_beda",
                revisi,
                named,
                _META,
                _NAMA,
                _meta_cell("revisi", revisi),
            )
        revisi = max(revisi, named)
    if len(findings) > before or revisi is None:
        return None
    return Submission(kode_opd, periode, bagian, revisi)
