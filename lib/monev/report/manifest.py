"""manifest.json (what each report was built from) and index.html (links to every report)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import jinja2

from monev.data.files import atomic_write_text
from monev.model.periode import Jendela, Periode
from monev.report.data import data_files
from monev.report.reports import ORDER, report_kind

TEMPLATES = Path(__file__).parent / "templates" / "monev"
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


def package_versions() -> dict[str, str]:
    out = {}
    for name in PAKET:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "-"
    return out


def read_manifest(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


def write_manifest(path: Path, manifest: dict) -> None:
    atomic_write_text(path, json.dumps(manifest, indent=1, ensure_ascii=False, sort_keys=True))


def halaman_tambahan(folder: Path) -> list[dict[str, str]]:
    """The pages made on demand in a period's folder, labelled: quarter and year recaps and
    their packs (``monev paket --triwulan/--tahun``), comparisons (``monev banding``)."""
    out = []
    for path in sorted(folder.glob("rekap_*.html")):
        kode = path.stem.removeprefix("rekap_")
        jendela = Jendela.dari_kode(kode)
        label = jendela.label if jendela is not None else kode
        out.append({"berkas": path.name, "label": f"Rekap {label}"})
        for ext, jenis in (("html", "HTML"), ("pdf", "PDF")):
            if (folder / f"paket_{kode}.{ext}").exists():
                out.append({"berkas": f"paket_{kode}.{ext}", "label": f"Paket {label} ({jenis})"})
    for path in sorted(folder.glob("banding_*.html")):
        try:
            dengan = Periode.parse(path.stem.removeprefix("banding_")).label
        except ValueError:
            continue
        out.append({"berkas": path.name, "label": f"Perbandingan dengan {dengan}"})
    return out


@lru_cache(maxsize=1)
def templates() -> jinja2.Environment:
    """The Jinja environment of the report pages (autoescaped; an unknown name is an error)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined
    )


def write_index(path: Path, manifest: dict, periode: str, semua_periode: Iterable[str]) -> None:
    """Offline index of the period's reports, grouped as the report table orders them, and
    links to the other periods' indexes."""
    laporan = sorted(
        manifest.get("laporan", {}).values(),
        key=lambda e: (ORDER.get(e["notebook"], len(ORDER)), e["judul"]),
    )
    kelompok: dict[str, list[dict]] = {}
    for e in laporan:
        grup = report_kind(e["notebook"]).group if e["notebook"] in ORDER else "Lainnya"
        kelompok.setdefault(grup, []).append(e)
    lain = [
        {"kode": p, "label": Periode.parse(p).label}
        for p in sorted(set(semua_periode), reverse=True)
        if p != periode
    ]
    html = (
        templates()
        .get_template("daftar.html.j2")
        .render(
            judul=f"Laporan rakor {Periode.parse(periode).label}",
            pemerintah=manifest.get("daerah", {}).get("pemerintah", ""),
            jumlah=len(laporan),
            kelompok=list(kelompok.items()),
            data=data_files(path.parent),
            lain=lain,
            paket=[n for n in ("paket.html", "paket.pdf") if (path.parent / n).exists()],
            tambahan=halaman_tambahan(path.parent),
        )
    )
    atomic_write_text(path, html)


def refresh_index(outputs: Path, periode: str) -> None:
    """Write a published period's index again (after a pack, a recap or a comparison was added
    to its folder); nothing when the period has no report yet."""
    keluaran = outputs / periode
    if not (keluaran / "manifest.json").exists():
        return
    manifest = read_manifest(keluaran / "manifest.json")
    semua = [p.name for p in outputs.glob("*") if (p / "index.html").exists()]
    write_index(keluaran / "index.html", manifest, periode, [*semua, periode])
