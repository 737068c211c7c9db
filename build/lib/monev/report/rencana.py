"""Which reports a period needs, with the inputs each depends on (for incremental re-runs)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from monev.data.reference import Referensi
from monev.model.periode import Periode
from monev.model.workbook import Workbook
from monev.report.params import Params

_AMAN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class RencanaError(ValueError):
    pass


@dataclass(frozen=True)
class Laporan:
    """One report to produce: its notebook, parameters and input fingerprint."""

    nama: str  # file stem, built from codes only
    judul: str
    notebook: str  # rakor / opd / iku / kualitas_data
    parameter: dict[str, str]
    masukan: dict[str, str]  # input path → sha256
    sidik: str = ""


def sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _nama_aman(nama: str) -> str:
    """File stems come from codes; refuse anything that could leave outputs/ (defence in depth)."""
    if not _AMAN.match(nama) or ".." in nama:
        raise RencanaError(f"Nama laporan {nama!r} tidak aman untuk nama berkas.")
    return nama


def pilih_opd(ref: Referensi, asisten: str = "", opd: list[str] | None = None) -> pd.DataFrame:
    """OPDs in scope: one Asisten's line (or all), optionally only the codes/short names given."""
    daftar = ref.opd
    if asisten:
        daftar = daftar[daftar["asisten"] == asisten]
    if opd:
        diminta = {o.strip() for o in opd}
        cocok = daftar["kode_opd"].isin(diminta) | daftar["singkatan"].isin(diminta)
        dikenal = set(ref.opd["kode_opd"]) | set(ref.opd["singkatan"])
        tak_dikenal = sorted(diminta - dikenal)
        if tak_dikenal:
            raise RencanaError(
                f"OPD tidak dikenal: {', '.join(tak_dikenal)}. Pakai kode atau singkatan dari "
                "data/reference/opd.csv."
            )
        daftar = daftar[cocok]
    return daftar.reset_index(drop=True)


def rencana(
    workbook: Workbook,
    params: Params,
    ref: Referensi,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    opd: list[str] | None = None,
) -> list[Laporan]:
    p = Periode.parse(params.periode)
    ref_hash = {
        f"data/reference/{f.name}": sha256_berkas(f)
        for f in sorted(workbook.reference.glob("*.csv"))
    }
    sampai = berkas[berkas["periode"].astype(str) <= str(p)]
    kiriman: dict[str, dict[str, str]] = {}
    for row in sampai.sort_values(["kode_opd", "periode", "nama_berkas"]).itertuples():
        kiriman.setdefault(row.kode_opd, {})[f"kiriman/{row.periode}/{row.nama_berkas}"] = (
            row.sha256
        )

    def masukan(kode_opd: set[str]) -> dict[str, str]:
        out = dict(ref_hash)
        for k in sorted(kode_opd):
            out.update(kiriman.get(k, {}))
        return out

    ind = ref.indikator
    iku = ind[ind["level"] == "IKU"]
    pelapor_iku = {
        k: set(realisasi.loc[realisasi["kode_indikator"] == k, "kode_opd"])
        for k in iku["kode_indikator"]
    }
    semua_pelapor = set().union(*pelapor_iku.values()) if pelapor_iku else set()
    cakupan = pilih_opd(ref, params.asisten, opd)
    label = f"Asisten {params.asisten}" if params.asisten else "Kabupaten"

    daftar = []
    rakor_opd = set(pilih_opd(ref, params.asisten)["kode_opd"]) | semua_pelapor
    nama_rakor = f"rakor_asisten-{params.asisten}" if params.asisten else "rakor"
    daftar.append(
        Laporan(
            _nama_aman(nama_rakor),
            f"Rakor {label} — {p.label}",
            "rakor",
            params.notebook(workbook.root),
            masukan(rakor_opd),
        )
    )
    daftar.append(
        Laporan(
            "kualitas_data",
            f"Kualitas data — {p.label}",
            "kualitas_data",
            params.notebook(workbook.root),
            masukan(set(ref.opd["kode_opd"])),
        )
    )
    for row in iku.sort_values("kode_indikator").itertuples():
        pendukung = set(ind.loc[ind["kode_iku"] == row.kode_indikator, "kode_opd"].dropna())
        sumber = pendukung | pelapor_iku.get(row.kode_indikator, set())
        daftar.append(
            Laporan(
                _nama_aman(f"iku_{row.kode_indikator}"),
                f"IKU {row.nama_indikator} — {p.label}",
                "iku",
                params.notebook(workbook.root, kode_iku=row.kode_indikator),
                masukan(sumber),
            )
        )
    for row in cakupan.sort_values("singkatan").itertuples():
        daftar.append(
            Laporan(
                _nama_aman(f"opd_{row.singkatan}"),
                f"{row.nama_opd} — {p.label}",
                "opd",
                params.notebook(workbook.root, kode_opd=row.kode_opd),
                masukan({row.kode_opd}),
            )
        )
    return daftar
