"""The rakor report runner: execute the planned reports' notebooks on a small pool of long-lived,
pre-warmed kernels (``monev.report.kernel``), render offline HTML, publish atomically, write the
manifest and index.

The caller's ``prepare`` (for ``monev report``: the shared context of ``monev.app.context``,
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
from monev.data.files import atomic_write_bytes, file_sha256
from monev.model.daerah import Daerah
from monev.report.data import write_data
from monev.report.kernel import KERNEL, RESET, KernelPool, Worker
from monev.report.manifest import package_versions, write_index, write_manifest
from monev.report.plan import Laporan
from monev.report.render import Renderer
from monev.report.reports import notebook_folder


@dataclass
class Result:
    laporan: Laporan
    status: str  # dibuat / dipakai_ulang / gagal
    detik: float = 0.0
    galat: str = ""
    sel: int | None = None
    sumber_sel: str = ""
    bytes_html: int = 0
    sha256_html: str = ""


@dataclass
class Summary:
    hasil: list[Result] = field(default_factory=list)

    @property
    def gagal(self) -> list[Result]:
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


def report_fingerprint(laporan: Laporan, notebook_hash: str) -> str:
    """Fingerprint of everything a report depends on: when equal, the old HTML is still right."""
    data = {
        "notebook": notebook_hash,
        "parameter": {k: v for k, v in laporan.parameter.items() if k != "root"},
        "masukan": laporan.masukan,
        "monev": __version__,
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def fingerprints(daftar: list[Laporan], notebooks: Path | None = None) -> dict[str, str]:
    """Each planned report's fingerprint now (name → ``report_fingerprint``): a published page
    with another one was made from other inputs."""
    notebooks = notebooks or notebook_folder()
    nb_hash = {n: file_sha256(notebooks / f"{n}.ipynb") for n in {d.notebook for d in daftar}}
    return {d.nama: report_fingerprint(d, nb_hash[d.notebook]) for d in daftar}


# ------------------------------------------------------------------------------ execution


def prepare_notebook(laporan: Laporan, notebooks: Path) -> nbformat.NotebookNode:
    # papermill's own loader: it adds the metadata its parameter injection relies on
    nb = load_notebook_node(str(notebooks / f"{laporan.notebook}.ipynb"))
    nb.metadata.setdefault("kernelspec", {"name": KERNEL, "display_name": "Python 3"})
    nb = parameterize_notebook(nb, laporan.parameter, report_mode=False, language="python")
    reset = nbformat.v4.new_code_cell(RESET, metadata={"tags": ["remove-cell"]})
    nb.cells.insert(0, reset)
    return nb


def _failed_cell(nb: nbformat.NotebookNode) -> tuple[int | None, str, str]:
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


def _still_published(entri: dict | None, d: Laporan, html: Path) -> bool:
    """The published page is still right: built from the same inputs, and the very page the
    manifest describes (a run killed half-way may have replaced it without updating the
    manifest)."""
    if not entri or entri.get("sidik") != d.fingerprint or not entri.get("sha256"):
        return False
    try:
        return file_sha256(html) == entri["sha256"]
    except OSError:
        return False


def run_reports(
    daftar: list[Laporan],
    keluaran: Path,
    *,
    jobs: int = 2,
    notebooks: Path | None = None,
    manifest_lama: dict | None = None,
    semua: bool = False,
    progress: bool = True,
    pool: KernelPool | None = None,
    prepare: Callable[[], object] | None = None,
) -> Summary:
    """Execute and publish every report in ``daftar`` (reusing those whose inputs are unchanged).

    ``pool``: kernels already warming (made early by the caller); else the runner starts its own.
    ``prepare``: shared work done here once, while the kernels start (the pickled context).
    """
    keluaran.mkdir(parents=True, exist_ok=True)
    gagal_dir = keluaran / "_gagal"
    lama = (manifest_lama or {}).get("laporan", {})
    notebooks = notebooks or notebook_folder()
    sidik = fingerprints(daftar, notebooks)
    daftar = [Laporan(**{**d.__dict__, "fingerprint": sidik[d.nama]}) for d in daftar]

    ringkasan = Summary()
    antrian: queue.Queue[Laporan] = queue.Queue()
    for d in daftar:
        entri = lama.get(d.nama)
        html = keluaran / f"{d.nama}.html"
        if not semua and _still_published(entri, d, html):
            ringkasan.hasil.append(Result(d, "dipakai_ulang", bytes_html=html.stat().st_size))
        else:
            antrian.put(d)
    if antrian.empty():
        return _in_plan_order(ringkasan, daftar)

    milik_sendiri = pool is None
    if pool is None:
        pool = KernelPool(min(jobs, antrian.qsize()), keluaran)
    if prepare is not None:
        try:
            prepare()
        except Exception as exc:  # each notebook repeats it and reports the cell
            print(
                f"Peringatan: prepare bersama gagal ({exc}); tiap laporan mencoba sendiri.",
                file=sys.stderr,
            )
    pool.resume()
    bar = tqdm(
        total=antrian.qsize(), desc="Laporan", unit="lap", disable=not progress, file=sys.stderr
    )
    lock = threading.Lock()
    renderer = Renderer()

    def kerja(worker: Worker) -> None:
        worker.wait_until_warm()
        while True:
            try:
                d = antrian.get_nowait()
            except queue.Empty:
                worker.close()  # while the other worker finishes its last report
                return
            hasil = _run_one(d, worker, renderer, keluaran, gagal_dir, notebooks)
            with lock:
                ringkasan.hasil.append(hasil)
                bar.update(1)

    threads = [
        threading.Thread(target=kerja, args=(p,), daemon=True)
        for p in pool.workers[: max(1, min(jobs, antrian.qsize()))]
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        bar.close()
        if milik_sendiri:
            pool.close()
    return _in_plan_order(ringkasan, daftar)


def _run_one(
    d: Laporan,
    worker: Worker,
    renderer: Renderer,
    keluaran: Path,
    gagal_dir: Path,
    notebooks: Path,
) -> Result:
    mulai = time.perf_counter()
    nb = None
    try:
        nb = prepare_notebook(d, notebooks)
        worker.run(nb)
        html = renderer.html(nb, d.judul)
        data = html.encode("utf-8")
        atomic_write_bytes(keluaran / f"{d.nama}.html", data)
        return Result(
            d,
            "dibuat",
            time.perf_counter() - mulai,
            bytes_html=len(data),
            sha256_html=hashlib.sha256(data).hexdigest(),
        )
    except Exception as exc:  # isolate: one broken report must not stop the rest
        sel, sumber, galat = _failed_cell(nb) if nb is not None else (None, "", "")
        if nb is not None:
            gagal_dir.mkdir(parents=True, exist_ok=True)
            nbformat.write(nb, gagal_dir / f"{d.nama}.ipynb")
        pesan = str(exc).splitlines()[0] if str(exc) else ""
        return Result(
            d,
            "gagal",
            time.perf_counter() - mulai,
            galat=galat or f"{type(exc).__name__}: {pesan}",
            sel=sel,
            sumber_sel=sumber,
        )


def _in_plan_order(ringkasan: Summary, daftar: list[Laporan]) -> Summary:
    urut = {d.nama: i for i, d in enumerate(daftar)}
    ringkasan.hasil.sort(key=lambda h: urut[h.laporan.nama])
    return ringkasan


def manifest_from(
    ringkasan: Summary, params: Params, lama: dict | None, daerah: Daerah | None = None
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
            "sidik": d.fingerprint,
            "pengaturan": params.settings.to_dict(),
            "waktu": sekarang,
            "detik": round(h.detik, 2),
            "bytes": h.bytes_html,
            "sha256": h.sha256_html,
        }
    manifest = {"periode": params.periode, "versi": package_versions(), "laporan": laporan}
    if daerah is not None:  # who the reports are for (the index names it)
        manifest["daerah"] = {"nama": daerah.nama, "pemerintah": daerah.pemerintah}
    return manifest


def publish(
    keluaran: Path,
    manifest: dict,
    periode: str,
    semua_periode: Iterable[str],
    konteks: Callable[[], object] | None = None,
):
    """Write the tables behind the pages (``data/``, from the period's context when given),
    then the manifest and the index that links both."""
    if konteks is not None:
        from monev.present.tabel_data import tabel_halaman

        write_data(keluaran, periode, tabel_halaman(konteks()))
    write_manifest(keluaran / "manifest.json", manifest)
    write_index(keluaran / "index.html", manifest, periode, semua_periode)
