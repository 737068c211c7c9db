"""Deterministic .xlsx files: fixed document times and zip entry timestamps, so the same content
gives the same bytes (the sample generator's promise, and tidy diffs)."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from pathlib import Path

from openpyxl import Workbook

WAKTU_TETAP = dt.datetime(2026, 1, 1, 0, 0, 0)


def simpan_tetap(book: Workbook, path: Path) -> None:
    """Save ``book`` to ``path`` with fixed timestamps, atomically."""
    book.properties.created = WAKTU_TETAP
    book.properties.modified = WAKTU_TETAP
    book.properties.creator = "monev"
    book.properties.lastModifiedBy = "monev"
    path = Path(path)
    tmp = path.with_name(path.name + ".tmp")
    book.save(tmp)
    tmp2 = path.with_name(path.name + ".tmp2")
    with zipfile.ZipFile(tmp) as src, zipfile.ZipFile(tmp2, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            # openpyxl stamps docProps/core.xml with "now" on save: pin it as well
            if info.filename == "docProps/core.xml":
                data = _pin_core(data)
            entry = zipfile.ZipInfo(info.filename, date_time=WAKTU_TETAP.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, data)
    os.remove(tmp)
    os.replace(tmp2, path)


def _pin_core(data: bytes) -> bytes:
    import re

    stamp = WAKTU_TETAP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\2", data
    )
