"""Reference files the analysts maintain under ``data/reference/``, validated on load."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from monev.data import cache
from monev.data.daerah import DAERAH_FILE, read_daerah
from monev.data.files import file_sha256
from monev.model.daerah import Daerah, DaerahError
from monev.model.iku import pasangan_iku

# pandera (~0,4 s to import) is loaded by the functions that validate: report kernels that only
# load a cached ``Referensi`` never pay for it.
REFERENCE_FILES = ("opd", "indikator", "target", "anggaran", "iku_riwayat", "nomenklatur")
# files a workbook may lack (older workbooks): read as an empty table; the official tables then
# say what is missing (``monev export``)
OPTIONAL_FILES = ("nomenklatur",)


class ReferensiError(ValueError):
    """A reference file that does not match its schema; the message names file, row and column."""


@dataclass(frozen=True)
class Referensi:
    opd: pd.DataFrame
    indikator: pd.DataFrame
    target: pd.DataFrame
    anggaran: pd.DataFrame
    iku_riwayat: pd.DataFrame
    daerah: Daerah
    # urusan … sub kegiatan codes and names (level, kode, nama); empty when the file is absent
    nomenklatur: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["level", "kode", "nama"], dtype=object)
    )


def read_reference_file(path: Path, name: str) -> pd.DataFrame:
    """Read one reference CSV as text (no silent NA conversion), then validate it."""
    import pandera.pandas as pa

    from monev.model.schemas import REFERENCE_SCHEMAS

    if not path.exists() and name in OPTIONAL_FILES:
        return pd.DataFrame(columns=list(schema_columns(name)), dtype=object)
    if not path.exists():
        raise ReferensiError(f"Berkas referensi {path} tidak ada. Salin contoh dari data/sample/.")
    raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    raw = raw.apply(lambda col: col.str.strip()).replace("", pd.NA)
    schema = REFERENCE_SCHEMAS[name]
    for column, spec in schema.columns.items():
        if column == "bobot" and column in raw:
            raw[column] = raw[column].fillna("1")
        if column == "frekuensi":  # an older indikator.csv without the column: monthly
            raw[column] = raw[column].fillna("bulanan") if column in raw else "bulanan"
        if spec.nullable and column not in raw:  # as text, like a read empty cell
            raw[column] = pd.Series(pd.NA, index=raw.index, dtype="str")
    try:
        return schema.validate(raw, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise ReferensiError(_describe(path, exc.failure_cases)) from None


def schema_columns(name: str) -> tuple[str, ...]:
    from monev.model.schemas import REFERENCE_SCHEMAS

    return tuple(REFERENCE_SCHEMAS[name].columns)


def _describe(path: Path, cases: pd.DataFrame) -> str:
    lines = [f"Berkas referensi {path.name} tidak sesuai skema:"]
    for case in cases.head(20).itertuples():
        row = "" if pd.isna(case.index) else f"baris {int(case.index) + 2}, "
        column = "" if pd.isna(case.column) else f"kolom {case.column!r}, "
        lines.append(f"- {row}{column}nilai {case.failure_case!r}: gagal {case.check}")
    if len(cases) > 20:
        lines.append(f"... dan {len(cases) - 20} masalah lain.")
    return "\n".join(lines)


def load_reference(folder: Path, cache_dir: Path | None = None) -> Referensi:
    """Load and validate every reference file in ``folder`` (``data/reference``).

    ``cache_dir`` (``data/cache``): reuse the result validated earlier from byte-identical files
    with the same code; validation (pandera and its import, ~1 s) then runs once per change of
    the files, not on every command and in every report process."""
    folder = Path(folder)
    cached = None
    if cache_dir is not None:
        cached = _cache_file(folder, cache_dir)
        if cached is not None and (ref := cache.read(cached, Referensi)) is not None:
            return ref
    daerah = _daerah(folder / DAERAH_FILE)
    frames = {name: read_reference_file(folder / f"{name}.csv", name) for name in REFERENCE_FILES}
    _check_links(frames, daerah)
    ref = Referensi(**frames, daerah=daerah)
    if cached is not None:
        cache.write(cached, ref, keep=4)
    return ref


def _cache_file(folder: Path, cache_dir: Path) -> Path | None:
    """The cache file for the current bytes of every reference file (None if one is missing)."""
    fingerprint = []
    for name in (*REFERENCE_FILES, DAERAH_FILE):
        path = folder / (name if name == DAERAH_FILE else f"{name}.csv")
        if name in OPTIONAL_FILES and not path.exists():
            fingerprint.append([name, None])
            continue
        try:
            digest = file_sha256(path)
        except OSError:
            return None  # validation names the missing file
        fingerprint.append([name, digest])
    return cache.cache_file(cache_dir, "referensi", [str(folder.resolve()), fingerprint])


def _daerah(path: Path) -> Daerah:
    try:
        return read_daerah(path)
    except DaerahError as exc:
        raise ReferensiError(str(exc)) from None


def _check_links(frames: dict[str, pd.DataFrame], daerah: Daerah) -> None:
    """Codes that point at other tables must exist there."""
    opd = set(frames["opd"]["kode_opd"])
    indikator = frames["indikator"]
    kode_ind = set(indikator["kode_indikator"])
    iku = set(indikator.loc[indikator["level"] == "IKU", "kode_indikator"])
    problems = []
    for name, column, allowed in (
        ("indikator", "kode_opd", opd),
        ("indikator", "kode_iku", iku),
        ("target", "kode_indikator", kode_ind),
        ("anggaran", "kode_opd", opd),
        ("iku_riwayat", "kode_indikator", iku),
        ("opd", "asisten", set(daerah.kode_asisten)),
    ):
        values = frames[name][column]
        if column == "kode_iku":  # several IKU separated by ";": each one must exist
            values = pasangan_iku(frames[name][[column]], column)[column]
        bad = values.notna() & ~values.isin(allowed)
        for idx, nilai in values[bad].head(10).items():
            problems.append(
                f"- {name}.csv baris {idx + 2}, kolom {column!r}: {nilai!r} tidak ada "
                "di daftar rujukannya."
            )
    if problems:
        raise ReferensiError("Kode rujukan tidak dikenal:\n" + "\n".join(problems))
