"""Deterministic .xlsx files: fixed document times and zip entry timestamps, so the same content
gives the same bytes (the sample generator's promise, and tidy diffs)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from openpyxl import Workbook

from monev.data.files import atomic_write

FIXED_TIME = dt.datetime(2026, 1, 1, 0, 0, 0)


def save_deterministic(book: Workbook, path: Path) -> None:
    """Save ``book`` to ``path`` with fixed timestamps, atomically."""
    book.properties.created = FIXED_TIME
    book.properties.modified = FIXED_TIME
    book.properties.creator = "monev"
    book.properties.lastModifiedBy = "monev"
    saved = io.BytesIO()
    book.save(saved)

    def write(fh) -> None:
        with zipfile.ZipFile(saved) as src, zipfile.ZipFile(fh, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in src.infolist():
                data = src.read(info.filename)
                # openpyxl stamps docProps/core.xml with "now" on save: pin it as well
                if info.filename == "docProps/core.xml":
                    data = _pin_core(data)
                entry = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = 0o600 << 16
                dst.writestr(entry, data)

    atomic_write(Path(path), write)


def _pin_core(data: bytes) -> bytes:
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    return re.sub(
        rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rb"\g<1>" + stamp + rb"\2", data
    )
