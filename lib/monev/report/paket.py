"""The rakor pack people circulate: one self-contained ``paket.html`` and one A4 ``paket.pdf``.

Built from the pages the run published (``outputs/<periode>/manifest.json`` and the HTML it
describes), never from the data: each figure is the very one of its report page. The pack holds
the reports of the run's scope (``scope``: the report names the plan of that scope gives), the
overview first, then the OPD pages, the IKU pages and the data-quality report, behind a table of
contents. Print CSS numbers every A4 page ("Halaman N dari M", CSS ``@page`` margin boxes,
Chromium 131 and later). The PDF is printed by a Chromium-family browser (Chromium, Chrome, Edge)
from the finished HTML.

A build is all or nothing: both files are made under temporary names and replace the published
pair only when both are whole; a page that does not match its manifest entry stops the build.
"""

from __future__ import annotations

import datetime as dt
import html as html_mod
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from monev.data.files import file_sha256, temporary_name
from monev.model.periode import Periode
from monev.report.manifest import TEMPLATES, read_manifest
from monev.report.reports import ORDER, report_kind

PAKET_HTML = "paket.html"
PAKET_PDF = "paket.pdf"
# the pack's sections: the overview first, then OPD, IKU and data-quality pages
# the official tables (monev report --resmi) close the pack, when the run made them
URUTAN = ("rakor", "opd", "iku", "kualitas_data", "resmi_rkpd", "resmi_renja")
REKAP = "rekap"  # the recap page that opens a quarter or year pack (monev.report.rekap)
CSP = (TEMPLATES / "csp.j2").read_text(encoding="utf-8").strip()
# browsers tried in this order; MONEV_BROWSER names another one
BROWSER = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome",
           "msedge", "microsoft-edge", "microsoft-edge-stable")  # fmt: skip
WINDOWS = (
    ("PROGRAMFILES", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Google\Chrome\Application\chrome.exe"),
    ("LOCALAPPDATA", r"Google\Chrome\Application\chrome.exe"),
    ("PROGRAMFILES(X86)", r"Microsoft\Edge\Application\msedge.exe"),
    ("PROGRAMFILES", r"Microsoft\Edge\Application\msedge.exe"),
)
MACOS = (
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
)
PDF_TIMEOUT = 300

PAKET_CSS = """
nav.daftar-isi { border: 1px solid var(--garis); border-radius: 6px; padding: 6px 12px;
  margin: .6em 0 1em; background: var(--latar); font-size: .92em; }
nav.daftar-isi h2 { margin: .3em 0; border: 0; font-size: 1.05em; }
nav.daftar-isi p { margin: .2em 0; }
nav.daftar-isi a { color: var(--aksen); }
section.bagian { border-top: 3px solid var(--aksen); margin-top: 2em; }
section.bagian:first-of-type { border-top: 0; margin-top: 0; }
.kembali { font-size: .8em; text-align: right; margin: .2em 0; }
section.bagian:first-of-type .kembali { display: none; }
nav.daftar-isi .butir { white-space: nowrap; }
nav.daftar-isi .hlm { display: inline-block; width: 2.2em; text-align: right;
  font-variant-numeric: tabular-nums; color: #444; }
.penanda { position: absolute; font-size: 4px; color: #fff; white-space: nowrap; }
@media (max-width: 480px) { nav.daftar-isi { font-size: .8em; padding: 4px 8px; } }
@page { size: A4; margin: 14mm 12mm 16mm;
  @bottom-center { content: "Halaman " counter(page) " dari " counter(pages);
    font: 9pt "Noto Sans", "DejaVu Sans", Arial, sans-serif; color: #444; } }
@media print {
  section.bagian { break-before: page; page-break-before: always; border-top: 0; margin: 0; }
  section.bagian:first-of-type { break-before: auto; page-break-before: auto; }
  .kembali { display: none; }
}
"""


class PaketError(ValueError):
    """The pack cannot be built from what the run published; the message says what to run."""


@dataclass
class Paket:
    html: Path
    pdf: Path | None
    halaman: list[str] = field(default_factory=list)  # the report names, in pack order
    pesan: list[str] = field(default_factory=list)  # what the analyst should know

    @property
    def lengkap(self) -> bool:
        return self.pdf is not None


# ------------------------------------------------------------------------------ the HTML


_MAIN = re.compile(r"<main[^>]*>(.*)</main>", re.S | re.I)
_BODY = re.compile(r"<body[^>]*>(.*)</body>", re.S | re.I)
_ID = re.compile(r'(\sid=")([^"]*)(")')
_HREF = re.compile(r'(\shref="#)([^"]*)(")')


def isi_halaman(page: str, awalan: str) -> str:
    """The content of a published report page (inside its ``<main>``), its ids and in-page
    links prefixed so the pages of one pack never share an id. The page's own head (its copy
    of the CSS and CSP) is left out: the pack carries one."""
    m = _MAIN.search(page) or _BODY.search(page)
    if m is None:
        raise PaketError("halaman laporan tanpa <body>")
    isi = m.group(1)
    isi = _ID.sub(lambda x: f"{x[1]}{awalan}-{x[2]}{x[3]}", isi)
    return _HREF.sub(lambda x: f"{x[1]}{awalan}-{x[2]}{x[3]}", isi)


def entri_paket(manifest: dict, scope: Iterable[str] | None = None) -> list[dict]:
    """The manifest's report entries that go into the pack, in pack order: overview, OPD, IKU,
    data quality; by title within a kind. ``scope``: the report names of the run's scope (an
    entry of another scope left in an old manifest stays out)."""
    boleh = set(scope) if scope is not None else None
    entri = [
        {**e, "nama": nama}
        for nama, e in manifest.get("laporan", {}).items()
        if e.get("notebook") in URUTAN and (boleh is None or nama in boleh)
    ]
    return sorted(entri, key=lambda e: (URUTAN.index(e["notebook"]), e["judul"]))


def _grup(notebook: str) -> str:
    if notebook == REKAP:
        return "Rekap"
    return report_kind(notebook).group if notebook in ORDER else "Lainnya"


def _label_daftar(e: dict) -> str:
    """A short TOC label: an OPD page by its file name's short name, others by title."""
    judul = e["judul"].split(" — ")[0]
    if e["notebook"] == "opd":
        return e["berkas"].removeprefix("opd_").removesuffix(".html")
    if e["notebook"] == "iku":
        return judul.removeprefix("IKU ")
    return judul


def baca_halaman(keluaran: Path, entri: list[dict]) -> list[str]:
    """The content of each entry's published page, checked against the manifest, its ids
    prefixed by the section's anchor (``lap-<i>``, its place in ``entri``)."""
    out = []
    for i, e in enumerate(entri):
        path = keluaran / e["berkas"]
        if not path.exists():
            raise PaketError(f"{e['berkas']} tidak ada di {keluaran}")
        if e.get("sha256") and file_sha256(path) != e["sha256"]:
            raise PaketError(
                f"{e['berkas']} tidak sama dengan yang dicatat manifest.json (diubah sesudah "
                "dibuat, atau pembuatan laporan terputus)"
            )
        out.append(isi_halaman(path.read_text(encoding="utf-8"), f"lap-{i}"))
    return out


def susun_html(
    keluaran: Path,
    manifest: dict,
    entri: list[dict],
    halaman: list[str],
    dibuat: dt.datetime,
    judul: str = "",
    *,
    cetak: Mapping[str, int] | None = None,
) -> str:
    """The pack's HTML: ``halaman``, the content of each entry's page (``baca_halaman``),
    behind a table of contents. ``judul``: the pack's title (default "Paket rakor <bulan>").

    ``cetak``: the HTML the PDF is printed from. Each table-of-contents item gets a box of fixed
    width for its page number, so the numbers never move the layout: empty (``{}``), each
    section starts with an invisible marker the printed pages are searched for
    (``penanda``); then with the pages found (anchor → page), without markers."""
    periode = Periode.parse(manifest.get("periode", keluaran.name))
    pemerintah = manifest.get("daerah", {}).get("pemerintah", "")
    bagian, daftar = [], {}
    for i, (e, isi) in enumerate(zip(entri, halaman, strict=True)):
        anchor = f"lap-{i}"
        daftar.setdefault(_grup(e["notebook"]), []).append((anchor, _label_daftar(e)))
        tanda = f'<span class="penanda">{penanda(anchor)}</span>' if cetak == {} else ""
        bagian.append(
            f'<section class="bagian" id="{anchor}">{tanda}'
            f'<p class="kembali"><a href="#daftar-isi">↑ Daftar isi</a></p>{isi}</section>'
        )
    esc = html_mod.escape
    baris = []
    for grup, items in daftar.items():
        tautan = " · ".join(
            f'<span class="butir"><a href="#{a}">{esc(label)}</a>'
            + ("" if cetak is None else f'<span class="hlm">{cetak.get(a, "")}</span>')
            + "</span>"
            for a, label in items
        )
        baris.append(f"<p><strong>{esc(grup)}</strong> ({len(items)}): {tautan}</p>")
    judul = judul or f"Paket rakor {periode.label}"
    dibuat_teks = dibuat.strftime("%d/%m/%Y %H.%M")
    css = (TEMPLATES / "monev.css").read_text(encoding="utf-8")
    return (
        '<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"/>\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0"/>\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(CSP)}"/>\n'
        f"<title>{esc(judul)}</title>\n<style>{css}{PAKET_CSS}</style></head>\n<body><main>\n"
        f'<nav class="daftar-isi" id="daftar-isi" aria-label="Daftar isi">'
        f"<h2>{esc(judul)}{' — ' + esc(pemerintah) if pemerintah else ''}</h2>"
        f"<p>{len(entri)} laporan dalam satu berkas, dibuat {dibuat_teks}."
        f"{'' if cetak is None else ' Angka di belakang judul: halaman awalnya.'}</p>"
        f"{''.join(baris)}</nav>\n" + "\n".join(bagian) + "\n</main></body></html>\n"
    )


# ------------------------------------------------------------------------------ the PDF


def cari_browser() -> str | None:
    """A Chromium-family browser: ``MONEV_BROWSER``, then PATH, then the usual Windows places."""
    sendiri = os.environ.get("MONEV_BROWSER")
    if sendiri:
        return sendiri if Path(sendiri).exists() or shutil.which(sendiri) else None
    for nama in BROWSER:
        found = shutil.which(nama)
        if found:
            return found
    for env, rel in WINDOWS:
        base = os.environ.get(env)
        if base and (Path(base) / rel).exists():
            return str(Path(base) / rel)
    for app in MACOS:
        if Path(app).exists():
            return app
    return None


def cetak_pdf(browser: str, html_path: Path, pdf_path: Path, timeout: int = PDF_TIMEOUT) -> None:
    """Print ``html_path`` to an A4 PDF with a headless Chromium-family browser (the page's own
    ``@page`` rules give the size, margins and page numbers; the browser's header and footer are
    off). A fresh profile each time: an open Chrome or Edge window does not block it, and nothing
    of the user's profile is read."""
    args = [
        browser,
        "--headless=new",
        "--disable-gpu",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--no-pdf-header-footer",
        "--print-to-pdf-no-header",
        f"--print-to-pdf={pdf_path}",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.append("--no-sandbox")  # Chromium refuses to run as root with its sandbox
    with tempfile.TemporaryDirectory(prefix="monev-pdf-") as profil:
        args += [f"--user-data-dir={profil}", html_path.resolve().as_uri()]
        try:
            proc = subprocess.run(args, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PaketError(
                f"{Path(browser).name} tidak selesai mencetak PDF dalam {timeout} detik"
            ) from None
        except OSError as exc:
            raise PaketError(f"{browser} tidak dapat dijalankan ({exc})") from None
    if not pdf_path.exists() or pdf_path.read_bytes()[:5] != b"%PDF-":
        galat = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [""]
        raise PaketError(
            f"{Path(browser).name} tidak menghasilkan PDF (kode keluar {proc.returncode}) "
            f"{galat[0]}".strip()
        )


def penanda(anchor: str) -> str:
    """The text marking where a section starts in the first print (found again with pypdf)."""
    return f"MONEVPENANDA{anchor.replace('-', '')}AKHIR"


def halaman_bagian(pdf: Path, anchors: Iterable[str]) -> dict[str, int]:
    """anchor → the page (1-based) of the printed ``pdf`` its marker is on."""
    from pypdf import PdfReader

    cari = {penanda(a): a for a in anchors}
    out: dict[str, int] = {}
    for nomor, page in enumerate(PdfReader(pdf).pages, start=1):
        teks = re.sub(r"\s+", "", page.extract_text() or "")
        for kata, anchor in cari.items():
            if anchor not in out and kata in teks:
                out[anchor] = nomor
    return out


def cetak_bernomor(
    browser: str, susun, html_path: Path, pdf_path: Path, anchors: list[str]
) -> list[str]:
    """Print the pack twice: first with a marker at each section's start, to read the page each
    section starts on, then with those pages in the table of contents (``susun(cetak)``: the
    HTML). Returns what the analyst should know (sections whose page was not found)."""
    html_path.write_text(susun({}), encoding="utf-8")
    cetak_pdf(browser, html_path, pdf_path)
    halaman = halaman_bagian(pdf_path, anchors)
    html_path.write_text(susun(halaman), encoding="utf-8")
    cetak_pdf(browser, html_path, pdf_path)
    hilang = [a for a in anchors if a not in halaman]
    if hilang:
        return [f"Nomor halaman {len(hilang)} bagian tidak ditemukan di daftar isi paket.pdf."]
    return []


TANPA_BROWSER = (
    "paket.pdf tidak dibuat: tidak ada peramban keluarga Chromium (Chromium, Google Chrome, "
    "Microsoft Edge) di komputer ini. Pasang salah satunya (Debian/Ubuntu: "
    "sudo apt-get install chromium), atau sebutkan letaknya di variabel MONEV_BROWSER, lalu "
    "jalankan monev paket lagi. paket.html tetap dapat dibuka dan dicetak dari peramban apa pun."
)


def _tanpa_basi(entri: list[dict], sidik: Mapping[str, str], periode: str):
    """Pages made from older inputs than the store's now (a file loaded, a setting changed since
    the run) never enter the pack: a monthly page stops the build, an optional one (the official
    tables of --resmi) is left out with a note."""
    basi = [e for e in entri if e.get("sidik") and sidik.get(e["nama"]) != e["sidik"]]
    wajib = [
        e for e in basi if e["notebook"] not in ORDER or not report_kind(e["notebook"]).opsional
    ]
    if wajib:
        raise PaketError(
            f"{len(wajib)} laporan ({', '.join(e['berkas'] for e in wajib[:5])}"
            f"{' …' if len(wajib) > 5 else ''}) dibuat sebelum data atau pengaturan terakhir "
            f"berubah; jalankan dulu monev report --periode {periode}, lalu monev paket lagi."
        )
    pesan = [
        f"{e['judul']} tidak dimasukkan ke paket: dibuat dari data lama; jalankan "
        f"monev report --periode {periode} --resmi untuk memperbaruinya."
        for e in basi
    ]
    return [e for e in entri if e not in basi], pesan


def buat_paket(
    keluaran: Path,
    *,
    scope: Iterable[str] | None = None,
    pdf: bool = True,
    browser: str | None = None,
    nama: str = "paket",
    pembuka: Iterable[tuple[Path, str]] = (),
    judul: str = "",
) -> Paket:
    """Build ``paket.html`` (and ``paket.pdf``) in ``keluaran`` from its published pages.

    ``scope``: the report names of the run's scope (others in the manifest stay out); a
    mapping gives each name's input fingerprint now, and pages made from older inputs are
    refused (``_tanpa_basi``).
    ``browser``: the browser to print with (default: ``cari_browser()``).
    ``nama``: the files' stem (``paket``; ``paket_tw3_2026`` for a quarter pack).
    ``pembuka``: pages of ``keluaran`` (file, title) that open the pack before the month's
    reports (the quarter or year recap); ``judul``: the pack's title.
    Nothing is replaced unless the new HTML (and, when printed, the PDF) is whole. Without a
    browser the HTML is published alone and an older ``paket.pdf`` is removed (it would
    disagree with it); ``Paket.pdf`` is then None and ``pesan`` says why."""
    keluaran = Path(keluaran)
    manifest = read_manifest(keluaran / "manifest.json")
    periode = manifest.get("periode", keluaran.name)
    entri = entri_paket(manifest, scope)
    pesan = []
    if isinstance(scope, Mapping):  # name → fingerprint of the inputs now
        entri, pesan = _tanpa_basi(entri, scope, periode)
    if not entri:
        raise PaketError(
            f"Belum ada laporan periode {periode} di {keluaran}; jalankan dulu "
            f"monev report --periode {periode}."
        )
    if not any(e["notebook"] == "rakor" for e in entri):
        raise PaketError(
            f"Ikhtisar rakor periode {periode} belum dibuat (atau gagal); jalankan "
            f"monev report --periode {periode} dan perbaiki laporan yang gagal."
        )
    awal = [{"berkas": Path(f).name, "notebook": REKAP, "judul": j} for f, j in pembuka]
    entri = awal + entri
    dibuat = dt.datetime.now()
    halaman = baca_halaman(keluaran, entri)  # each page read and checked once
    teks = susun_html(keluaran, manifest, entri, halaman, dibuat, judul)
    html_path, pdf_path = keluaran / f"{nama}.html", keluaran / f"{nama}.pdf"
    hasil = Paket(html_path, None, [e["berkas"] for e in entri], pesan)
    tmp_html = temporary_name(hasil.html).with_suffix(".html")  # file:// needs an .html name
    tmp_cetak = temporary_name(keluaran / f"{nama}-cetak.html").with_suffix(".html")
    tmp_pdf = temporary_name(pdf_path)
    try:
        tmp_html.write_text(teks, encoding="utf-8")
        exe = (browser or cari_browser()) if pdf else None
        if pdf and exe is None:
            hasil.pesan.append(TANPA_BROWSER)
        if exe is not None:
            anchors = [f"lap-{i}" for i in range(len(entri))]
            hasil.pesan += cetak_bernomor(
                exe,
                lambda cetak: susun_html(
                    keluaran, manifest, entri, halaman, dibuat, judul, cetak=cetak
                ),
                tmp_cetak,
                tmp_pdf,
                anchors,
            )
            os.replace(tmp_pdf, pdf_path)
            hasil.pdf = pdf_path
        else:
            pdf_path.unlink(missing_ok=True)
        os.replace(tmp_html, hasil.html)
    finally:
        tmp_html.unlink(missing_ok=True)
        tmp_cetak.unlink(missing_ok=True)
        tmp_pdf.unlink(missing_ok=True)
    return hasil
