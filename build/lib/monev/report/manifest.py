"""manifest.json (what each report was built from) and index.html (links to every report)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from monev.model.periode import Periode
from monev.present.escape import teks

PAKET = (
    "monev",
    "pandas",
    "numpy",
    "duckdb",
    "seaborn",
    "matplotlib",
    "papermill",
    "nbconvert",
    "nbclient",
    "openpyxl",
    "pandera",
)
URUTAN = {"rakor": 0, "kualitas_data": 1, "iku": 2, "opd": 3}


def versi_paket() -> dict[str, str]:
    out = {}
    for name in PAKET:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def _atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def baca_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def tulis_manifest(path: Path, manifest: dict) -> None:
    _atomic(path, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))


def tulis_index(path: Path, manifest: dict, periode: str, semua_periode: Iterable[str]) -> None:
    """Offline index of the period's reports and links to the other periods' indexes."""
    css = (Path(__file__).parent / "templates" / "monev" / "monev.css").read_text(encoding="utf-8")
    laporan = sorted(
        manifest.get("laporan", {}).values(),
        key=lambda e: (URUTAN.get(e["notebook"], 9), e["judul"]),
    )
    items = "\n".join(
        f'<li><a href="{teks(e["berkas"])}">{teks(e["judul"])}</a></li>' for e in laporan
    )
    lain = [p for p in sorted(set(semua_periode), reverse=True) if p != periode]
    lain_html = "\n".join(
        f'<li><a href="../{teks(p)}/index.html">{teks(Periode.parse(p).label)}</a></li>'
        for p in lain
    )
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
    judul = f"Laporan rakor {Periode.parse(periode).label}"
    html = f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"/>
<meta name="viewport" content="width=device-width, initial-scale=1.0"/>
<meta http-equiv="Content-Security-Policy" content="{csp}"/>
<title>{teks(judul)}</title><style>{css}</style></head>
<body><main>
<h1>{teks(judul)}</h1>
<p>Pemerintah Kabupaten Gunung Mas. {len(laporan)} laporan.</p>
<ul class="daftar">
{items}
</ul>
<h2>Periode lain</h2>
<ul class="daftar">
{lain_html or "<li>Belum ada.</li>"}
</ul>
</main></body></html>
"""
    _atomic(path, html)
