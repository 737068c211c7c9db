"""The rakor report runner: execute the planned reports' notebooks on a small pool of long-lived,
pre-warmed kernels (``monev.report.kernel``), render offline HTML, publish atomically, write the
manifest and index.

The caller's ``persiapan`` (for ``monev report``: the shared context of ``monev.app.context``,
pickled) runs once here while the kernels start; each kernel then only loads it. Reports go out
in plan order, which puts the longest (the overview) first, so no worker is left with it at the
end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook
from tqdm import tqdm

from monev import __version__
from monev.app.params import Params
from monev.data.files import atomic_write_text, file_sha256
from monev.model.daerah import Daerah
from monev.report.kernel import KERNEL, RESET, KernelPool, Worker
from monev.report.manifest import tulis_index, tulis_manifest, versi_paket
from monev.report.rencana import Laporan
from monev.report.render import Renderer
from monev.report.reports import notebook_folder


@dataclass
class Hasil:
    laporan: Laporan
    status: str  # dibuat / dipakai_ulang / gagal
    detik: float = 0.0
    galat: str = ""
    sel: int | None = None
    sumber_sel: str = ""
    bytes_html: int = 0
    sha256_html: str = ""


@dataclass
class Ringkasan:
    hasil: list[Hasil] = field(default_factory=list)

    @property
    def gagal(self) -> list[Hasil]:
        return [h for h in self.hasil if h.status == "gagal"]

    def teks(self) -> str:
        dibuat = sum(h.status == "dibuat" for h in self.hasil)
        ulang = [h.laporan.nama for h in self.hasil if h.status == "dipakai_ulang"]
        lines = [f"{dibuat} laporan dibuat, {len(ulang)} dipakai ulang, {len(self.gagal)} gagal."]
        if ulang:
            lines.append("Dipakai ulang (masukan tidak berubah): " + ", ".join(ulang))
        for h in self.gagal:
            sel = f"sel {h.sel}" if h.sel is not None else "sel tidak diketahui"
            lines.append(
                f"GAGAL {h.laporan.nama} (notebook {h.laporan.notebook}, {sel}: "
                f"{h.sumber_sel!r}): {h.galat}"
            )
        return "\n".join(lines)


def sidik(laporan: Laporan, notebook_hash: str) -> str:
    """Fingerprint of everything a report depends on: when equal, the old HTML is still right."""
    data = {
        "notebook": notebook_hash,
        "parameter": {k: v for k, v in laporan.parameter.items() if k != "root"},
        "masukan": laporan.masukan,
        "monev": __version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


# ------------------------------------------------------------------------------ execution


def siapkan_notebook(laporan: Laporan, notebooks: Path) -> nbformat.NotebookNode:
    # papermill's own loader: it adds the metadata its parameter injection relies on
    nb = load_notebook_node(str(notebooks / f"{laporan.notebook}.ipynb"))
    nb.metadata.setdefault("kernelspec", {"name": KERNEL, "display_name": "Python 3"})
    nb = parameterize_notebook(nb, laporan.parameter, report_mode=False, language="python")
    reset = nbformat.v4.new_code_cell(RESET, metadata={"tags": ["remove-cell"]})
    nb.cells.insert(0, reset)
    return nb


def _sel_galat(nb: nbformat.NotebookNode) -> tuple[int | None, str, str]:
    """Index (in the original notebook), first source line and error of the failing cell."""
    for idx, cell in enumerate(nb.cells):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                baris = next((b for b in cell.source.splitlines() if b.strip()), "")
                tags = cell.metadata.get("tags", [])
                geser = sum(
                    1
                    for c in nb.cells[:idx]
                    if {"remove-cell", "injected-parameters"} & set(c.metadata.get("tags", []))
                )
                asli = None if "injected-parameters" in tags else idx - geser
                return asli, baris, f"{out.get('ename')}: {out.get('evalue')}"
    return None, "", ""


def _masih_berlaku(entri: dict | None, d: Laporan, html: Path) -> bool:
    """The published page is still right: built from the same inputs, and the very page the
    manifest describes (a run killed half-way may have replaced it without updating the
    manifest)."""
    if not entri or entri.get("sidik") != d.sidik or not entri.get("sha256"):
        return False
    try:
        return file_sha256(html) == entri["sha256"]
    except OSError:
        return False


def jalankan_laporan(
    daftar: list[Laporan],
    keluaran: Path,
    *,
    jobs: int = 2,
    notebooks: Path | None = None,
    manifest_lama: dict | None = None,
    semua: bool = False,
    progress: bool = True,
    kolam: KernelPool | None = None,
    persiapan: Callable[[], object] | None = None,
) -> Ringkasan:
    """Execute and publish every report in ``daftar`` (reusing those whose inputs are unchanged).

    ``kolam``: kernels already warming (made early by the caller); else the runner starts its own.
    ``persiapan``: shared work done here once, while the kernels start (the pickled context).
    """
    keluaran.mkdir(parents=True, exist_ok=True)
    gagal_dir = keluaran / "_gagal"
    lama = (manifest_lama or {}).get("laporan", {})
    notebooks = notebooks or notebook_folder()
    nb_hash = {n: file_sha256(notebooks / f"{n}.ipynb") for n in {d.notebook for d in daftar}}
    daftar = [Laporan(**{**d.__dict__, "sidik": sidik(d, nb_hash[d.notebook])}) for d in daftar]

    ringkasan = Ringkasan()
    antrian: queue.Queue[Laporan] = queue.Queue()
    for d in daftar:
        entri = lama.get(d.nama)
        html = keluaran / f"{d.nama}.html"
        if not semua and _masih_berlaku(entri, d, html):
            ringkasan.hasil.append(Hasil(d, "dipakai_ulang", bytes_html=html.stat().st_size))
        else:
            antrian.put(d)
    if antrian.empty():
        return _urutkan(ringkasan, daftar)

    milik_sendiri = kolam is None
    if kolam is None:
        kolam = KernelPool(min(jobs, antrian.qsize()), keluaran)
    if persiapan is not None:
        try:
            persiapan()
        except Exception as exc:  # each notebook repeats it and reports the cell
            print(
                f"Peringatan: persiapan bersama gagal ({exc}); tiap laporan mencoba sendiri.",
                file=sys.stderr,
            )
    kolam.resume()
    bar = tqdm(
        total=antrian.qsize(), desc="Laporan", unit="lap", disable=not progress, file=sys.stderr
    )
    kunci = threading.Lock()
    perender = Renderer()

    def kerja(pekerja: Worker) -> None:
        pekerja.wait_until_warm()
        while True:
            try:
                d = antrian.get_nowait()
            except queue.Empty:
                pekerja.close()  # while the other worker finishes its last report
                return
            hasil = _satu_laporan(d, pekerja, perender, keluaran, gagal_dir, notebooks)
            with kunci:
                ringkasan.hasil.append(hasil)
                bar.update(1)

    threads = [
        threading.Thread(target=kerja, args=(p,), daemon=True)
        for p in kolam.workers[: max(1, min(jobs, antrian.qsize()))]
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        bar.close()
        if milik_sendiri:
            kolam.close()
    return _urutkan(ringkasan, daftar)


def _satu_laporan(
    d: Laporan,
    pekerja: Worker,
    perender: Renderer,
    keluaran: Path,
    gagal_dir: Path,
    notebooks: Path,
) -> Hasil:
    mulai = time.perf_counter()
    nb = None
    try:
        nb = siapkan_notebook(d, notebooks)
        pekerja.run(nb)
        html = perender.html(nb, d.judul)
        ukuran = atomic_write_text(keluaran / f"{d.nama}.html", html)
        return Hasil(
            d,
            "dibuat",
            time.perf_counter() - mulai,
            bytes_html=ukuran,
            sha256_html=hashlib.sha256(html.encode("utf-8")).hexdigest(),
        )
    except Exception as exc:  # isolate: one broken report must not stop the rest
        sel, sumber, galat = _sel_galat(nb) if nb is not None else (None, "", "")
        if nb is not None:
            gagal_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, gagal_dir / f"{d.nama}.ipynb")
        pesan = str(exc).splitlines()[0] if str(exc) else ""
        return Hasil(
            d,
            "gagal",
            time.perf_counter() - mulai,
            galat=galat or f"{type(exc).__name__}: {pesan}",
            sel=sel,
            sumber_sel=sumber,
        )


def _urutkan(ringkasan: Ringkasan, daftar: list[Laporan]) -> Ringkasan:
    urut = {d.nama: i for i, d in enumerate(daftar)}
    ringkasan.hasil.sort(key=lambda h: urut[h.laporan.nama])
    return ringkasan


def hasil_ke_manifest(
    ringkasan: Ringkasan, params: Params, lama: dict | None, daerah: Daerah | None = None
) -> dict:
    laporan = dict((lama or {}).get("laporan", {}))
    sekarang = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    for h in ringkasan.hasil:
        if h.status == "gagal":
            continue  # the previous entry (if any) still describes the published HTML
        if h.status == "dipakai_ulang" and h.laporan.nama in laporan:
            continue
        d = h.laporan
        laporan[d.nama] = {
            "judul": d.judul,
            "notebook": d.notebook,
            "berkas": f"{d.nama}.html",
            "parameter": {k: v for k, v in d.parameter.items() if k != "root"},
            "masukan": d.masukan,
            "sidik": d.sidik,
            "pengaturan": params.settings.to_dict(),
            "waktu": sekarang,
            "detik": round(h.detik, 2),
            "bytes": h.bytes_html,
            "sha256": h.sha256_html,
        }
    manifest = {"periode": params.periode, "versi": versi_paket(), "laporan": laporan}
    if daerah is not None:  # who the reports are for (the index names it)
        manifest["daerah"] = {"nama": daerah.nama, "pemerintah": daerah.pemerintah}
    return manifest


def publikasikan(keluaran: Path, manifest: dict, periode: str, semua_periode: Iterable[str]):
    tulis_manifest(keluaran / "manifest.json", manifest)
    tulis_index(keluaran / "index.html", manifest, periode, semua_periode)
