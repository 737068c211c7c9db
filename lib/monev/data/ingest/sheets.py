"""Per-sheet rules: what a part's rows must hold, and which file and OPD-period a file is.

A part's rule reads its ``Table`` and returns the rows for its store table (columns exactly as
``monev.model.schemas`` has them, without ``sha256``, which the loader adds); every problem goes to
``findings``. ``RULES`` maps each part of ``monev.model.layout`` to its rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from monev.data import readers
from monev.data.ingest.cells import Reading, read_date, read_number, read_text, read_value
from monev.data.ingest.messages import Finding, finding
from monev.data.reference import Referensi
from monev.model import layout
from monev.model.angka import (
    SATUAN_PERSEN,
    Batas,
    batas_indikator,
    clean_text,
    format_angka_id,
    format_nilai_id,
    titik_ambigu,
)
from monev.model.kode import STATUS_TL
from monev.model.periode import Periode, PeriodeError


def store_columns(table: str) -> list[str]:
    """The columns a rule fills for a store table: the schema's, less ``sha256``."""
    from monev.model.schemas import STORE_SCHEMAS

    return [c for c in STORE_SCHEMAS[table].columns if c != "sha256"]


def _frame(rows: list[dict], bagian: layout.Bagian) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=store_columns(bagian.store_table))


def bounds(indikator: pd.DataFrame) -> dict[str, Batas]:
    """The plausibility bounds of each indicator (``monev.model.angka.batas_indikator``)."""
    empty = pd.Series(None, index=indikator.index, dtype=object)
    columns = [
        indikator.get(c, empty)
        for c in ("kode_indikator", "satuan", "sifat", "nilai_min", "nilai_maks", "boleh_negatif")
    ]
    return {kode: batas_indikator(*rest) for kode, *rest in zip(*columns, strict=True)}


def realisasi_value(
    reading: Reading, cell: readers.Cell, kode: str, satuan: str, batas: Batas, findings
) -> float | None:
    """The realisasi of indicator ``kode`` as stored, or None when its cell is refused: a
    percent-formatted cell or a % sign in a non-% indicator, an ambiguous thousands dot where
    values are small, a value outside the indicator's bounds or not whole where it counts."""
    value = reading.value
    if value is None:
        return None
    percent_unit = clean_text(satuan).lower() == SATUAN_PERSEN
    about = dict(kode=kode, satuan=satuan)
    if reading.percent_format and not percent_unit:
        tampil = format_nilai_id(value)
        findings.append(finding("persen_bukan_satuan", cell, cell.value, tampil=tampil, **about))
        return None
    if reading.percent_sign and not percent_unit:
        findings.append(finding("persen_teks_bukan_satuan", cell, reading.text, **about))
        return None
    if reading.text is not None and batas.kecil and titik_ambigu(reading.text):
        contoh = clean_text(reading.text).rstrip("%").strip().replace(".", ",")
        ribuan = format_nilai_id(value)
        findings.append(
            finding("titik_ambigu", cell, reading.text, ribuan=ribuan, contoh=contoh, **about)
        )
        return None
    if (batas.minimum is not None and value < batas.minimum) or (
        batas.maksimum is not None and value > batas.maksimum
    ):
        findings.append(
            finding(
                "luar_batas", cell, value, batas=batas.teks(), batas_en=batas.text_en(), **about
            )
        )
        return None
    if batas.bulat and abs(value - round(value)) > 1e-9:
        contoh = format_nilai_id(max(round(value), 0))
        findings.append(finding("bukan_bulat", cell, value, contoh=contoh, **about))
        return None
    if batas.wajar_maks is not None and value > batas.wajar_maks:
        findings.append(finding("tak_wajar", cell, value, wajar=batas.wajar_maks, **about))
    return value


def kinerja(
    table: readers.Table, ref: Referensi, kode_opd: str, periode: str, findings: list[Finding]
) -> pd.DataFrame:
    ind = ref.indikator
    own = ind[ind["kode_opd"] == kode_opd].set_index("kode_indikator")
    batas = bounds(own.reset_index())
    rows, seen = [], set()
    for rec in table.rows:
        kode = read_text(rec.get("kode_indikator"))
        if kode is None:
            continue
        code_cell = rec["kode_indikator"]
        if kode not in own.index:
            findings.append(finding("kode_tak_dikenal", code_cell, kode, apa="indikator"))
            continue
        sumber = read_text(rec.get("sumber_data")) or ""
        dedup_key = (kode, sumber) if own.loc[kode, "level"] == "IKU" else kode
        if dedup_key in seen:
            findings.append(finding("duplikat", code_cell, kode))
            continue
        seen.add(dedup_key)
        value, reason = None, None
        if "realisasi" in rec:
            cell = rec["realisasi"]
            reading = read_value(cell, findings)
            satuan = str(own.loc[kode, "satuan"])
            value = realisasi_value(reading, cell, kode, satuan, batas[kode], findings)
            reason = reading.reason
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_indikator=kode,
                sumber_data=sumber,
                realisasi=value,
                alasan_kosong=reason,
                kendala=read_text(rec.get("kendala")),
            )
        )
    return _frame(rows, layout.KINERJA)


def anggaran(
    table: readers.Table, ref: Referensi, kode_opd: str, periode: str, findings: list[Finding]
) -> pd.DataFrame:
    tahun = Periode.parse(periode).tahun
    ang = ref.anggaran[(ref.anggaran["kode_opd"] == kode_opd) & (ref.anggaran["tahun"] == tahun)]
    pagu = ang.set_index("kode_kegiatan")["pagu"]
    rows, seen = [], set()
    for rec in table.rows:
        kode = read_text(rec.get("kode_kegiatan"))
        if kode is None:
            continue
        code_cell = rec["kode_kegiatan"]
        if kode not in pagu.index:
            findings.append(finding("kode_tak_dikenal", code_cell, kode, apa="sub kegiatan"))
            continue
        if kode in seen:
            findings.append(finding("duplikat", code_cell, kode))
            continue
        seen.add(kode)
        keu = fis = None
        if "realisasi_keuangan" in rec:
            cell = rec["realisasi_keuangan"]
            reading = read_value(cell, findings, "1.250.000")
            keu = reading.value
            if keu is not None and (reading.percent_format or reading.percent_sign):
                # rupiah, never a percentage: a %-formatted cell would be stored × 100
                tampil = format_nilai_id(keu)
                findings.append(finding("persen_rupiah", cell, cell.value, tampil=tampil))
                keu = None
            elif keu is not None and keu < 0:
                findings.append(finding("negatif", cell, keu))
                keu = None
            elif keu is not None and keu > pagu[kode]:
                findings.append(
                    finding("lebih_pagu", cell, keu, pagu=format_angka_id(pagu[kode], 0))
                )
                keu = None
        if "realisasi_fisik" in rec:
            cell = rec["realisasi_fisik"]
            fis, _ = read_number(cell, findings, "45,5")
            if fis is not None and not 0 <= fis <= 100:
                findings.append(finding("persen_luar", cell, fis))
                fis = None
        if (keu is None) != (fis is None):
            findings.append(finding("pasangan", rec.get("realisasi_fisik") or code_cell))
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_kegiatan=kode,
                realisasi_keuangan=keu,
                realisasi_fisik=fis,
                kendala=read_text(rec.get("kendala")),
            )
        )
    return _frame(rows, layout.ANGGARAN)


NEW_FOLLOW_UP_REQUIRED = ("masalah", "tindak_lanjut", "penanggung_jawab")


def tindak_lanjut(
    table: readers.Table, ref: Referensi, kode_opd: str, periode: str, findings: list[Finding]
) -> pd.DataFrame:
    singkatan = ref.opd.set_index("kode_opd").loc[kode_opd, "singkatan"]
    every_singkatan = set(ref.opd["singkatan"].str.upper())
    rows, seen = [], set()
    for n, rec in enumerate(table.rows, 1):
        required = {c: read_text(rec.get(c)) for c in NEW_FOLLOW_UP_REQUIRED}
        kode = read_text(rec.get("kode_tl")) or f"TL-{periode}-{singkatan}-B{n:02d}"
        if kode in seen:
            findings.append(finding("duplikat", rec["kode_tl"], kode))
            continue
        seen.add(kode)
        owner = follow_up_owner(kode, every_singkatan)
        if owner is not None and owner != singkatan.upper():
            findings.append(
                finding("tl_opd_lain", rec["kode_tl"], kode, pemilik=owner, opd=singkatan)
            )
            continue
        first = next(iter(rec.values()))
        for c, v in required.items():
            if v is None:
                cell = rec.get(c)
                if cell is not None:
                    findings.append(finding("wajib", cell))
                else:
                    findings.append(finding("wajib", sheet=first.sheet, row=first.row, column=c))
        status = (read_text(rec.get("status")) or "belum").lower()
        if status not in STATUS_TL:
            findings.append(finding("status", rec["status"], status))
        batas = read_date(rec["batas_waktu"], findings) if "batas_waktu" in rec else None
        rows.append(
            dict(
                kode_opd=kode_opd,
                periode=periode,
                kode_tl=kode,
                masalah=required["masalah"] or "",
                tindak_lanjut=required["tindak_lanjut"] or "",
                penanggung_jawab=required["penanggung_jawab"] or "",
                batas_waktu=batas,
                status=status,
                keterangan=read_text(rec.get("keterangan")),
            )
        )
    frame = _frame(rows, layout.TINDAK_LANJUT)
    frame["batas_waktu"] = pd.to_datetime(frame["batas_waktu"]).astype("datetime64[us]")
    return frame


_KODE_TL = re.compile(r"^TL-\d{4}-\d{2}-(?P<opd>.+?)(?:-[BK]\d+)?$", re.IGNORECASE)


def follow_up_owner(kode_tl: str, every_singkatan: set[str]) -> str | None:
    """The OPD (short code) a follow-up code names, as monev writes them (``TL-2026-10-DPUPR``,
    ``TL-2026-10-DPUPR-B01``); None for a code of another form."""
    m = _KODE_TL.match(clean_text(kode_tl))
    if m and m.group("opd").upper() in every_singkatan:
        return m.group("opd").upper()
    return None


Rule = Callable[[readers.Table, Referensi, str, str, list[Finding]], pd.DataFrame]
RULES: dict[str, Rule] = {
    layout.KINERJA.name: kinerja,
    layout.ANGGARAN.name: anggaran,
    layout.TINDAK_LANJUT.name: tindak_lanjut,
}


def missing_columns(table: readers.Table, bagian: layout.Bagian) -> list[str]:
    """Headers of the part's required columns that the file's header row lacks."""
    return [k.header for k in bagian.columns if k.required and k.name not in table.header]


# ------------------------------------------------------------------------- the file as a whole

KOSONG_SHARE = 0.10  # fewer than 10 % of the expected realisasi cells filled: the file is kosong


def expected_cells(ref: Referensi, kode_opd: str, periode: str, frames) -> int:
    """How many realisasi cells the parts in ``frames`` expect from the OPD: one per indicator
    (kinerja), two per budget line of the year (anggaran: keuangan and fisik)."""
    expected = 0
    if layout.KINERJA.store_table in frames:
        expected += int((ref.indikator["kode_opd"] == kode_opd).sum())
    if layout.ANGGARAN.store_table in frames:
        tahun = Periode.parse(periode).tahun
        ang = ref.anggaran
        expected += 2 * int(((ang["kode_opd"] == kode_opd) & (ang["tahun"] == tahun)).sum())
    return expected


def filled_cells(frames: dict[str, pd.DataFrame]) -> int:
    """How many realisasi cells of ``frames`` hold a value."""
    filled = 0
    if layout.KINERJA.store_table in frames:
        filled += int(frames[layout.KINERJA.store_table]["realisasi"].notna().sum())
    if layout.ANGGARAN.store_table in frames:
        keu = frames[layout.ANGGARAN.store_table]
        filled += int(keu[["realisasi_keuangan", "realisasi_fisik"]].notna().sum().sum())
    return filled


def check_kosong(
    ref: Referensi, kode_opd: str, periode: str, frames, findings: list[Finding]
) -> bool:
    """Whether the file is kosong (blank or near-blank: fewer than ``KOSONG_SHARE`` of its
    expected realisasi cells hold a value); if so the ``kosong`` finding is added. A kosong file
    is recorded as a submission but none of its rows are data."""
    expected = expected_cells(ref, kode_opd, periode, frames)
    filled = filled_cells(frames)
    if expected == 0 or filled >= KOSONG_SHARE * expected:
        return False
    findings.append(
        finding(
            "kosong",
            value=f"{filled}/{expected}",
            terisi=filled,
            harap=expected,
            ambang=round(KOSONG_SHARE * 100),
        )
    )
    return True


def check_template_version(path: Path, meta: dict[str, str], findings: list[Finding]) -> None:
    """A template's ``_meta`` must carry a version this reader understands."""
    version = meta.get("versi_template", "")
    if version in layout.READABLE_TEMPLATE_VERSIONS:
        return
    row = layout.META_KEYS.index("versi_template") + 1
    at = readers.Cell(layout.META_SHEET, f"B{row}", row, "versi_template", version)
    expected = ", ".join(sorted(layout.READABLE_TEMPLATE_VERSIONS))
    findings.append(finding("versi_template", at, version, berkas=path.name, harap=expected))


def identify(
    path: Path, meta: dict[str, str], ref: Referensi, findings: list[Finding]
) -> tuple[str, str] | None:
    """(kode_opd, periode) from the template's _meta sheet, else from the file name."""
    kode, periode = meta.get("kode_opd"), meta.get("periode")
    if not (kode and periode):
        m = readers.CSV_NAME.match(path.name) or readers.XLSX_NAME.match(path.name)
        if not m:
            findings.append(finding("meta", value=path.name))
            return None
        by_singkatan = ref.opd.set_index("singkatan")["kode_opd"]
        if m.group("s").upper() not in by_singkatan.index:
            findings.append(finding("opd_tak_dikenal", value=m.group("s")))
            return None
        kode, periode = by_singkatan[m.group("s").upper()], m.group("p")
    if kode not in set(ref.opd["kode_opd"]):
        findings.append(finding("opd_tak_dikenal", value=kode))
        return None
    try:
        return kode, str(Periode.parse(periode))
    except PeriodeError:
        findings.append(finding("meta", value=periode))
        return None
