"""Which reports a period needs, with the inputs each depends on (for incremental re-runs)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from monev.app.params import Params
from monev.data.files import file_sha256
from monev.data.reference import Referensi
from monev.model.iku import mendukung
from monev.model.periode import Periode
from monev.model.workbook import Workbook
from monev.report.reports import REPORTS, ReportKind

_AMAN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class PlanError(ValueError):
    pass


@dataclass(frozen=True)
class Laporan:
    """One report to produce: its notebook, parameters and input fingerprint."""

    nama: str  # file stem, built from codes only
    judul: str
    notebook: str  # rakor / opd / iku / kualitas_data
    parameter: dict[str, str]
    masukan: dict[str, str]  # input path → sha256
    fingerprint: str = ""  # manifest key "sidik"


def _safe_name(nama: str) -> str:
    """File stems come from codes; refuse anything that could leave outputs/ (defence in depth)."""
    if not _AMAN.match(nama) or ".." in nama:
        raise PlanError(f"Nama laporan {nama!r} tidak aman untuk nama berkas.")
    return nama


def opd_in_scope(ref: Referensi, asisten: str = "", opd: list[str] | None = None) -> pd.DataFrame:
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
            raise PlanError(
                f"OPD tidak dikenal: {', '.join(tak_dikenal)}. Pakai kode atau singkatan dari "
                "data/reference/opd.csv."
            )
        daftar = daftar[cocok]
    return daftar.reset_index(drop=True)


def plan_reports(
    workbook: Workbook,
    params: Params,
    ref: Referensi,
    berkas: pd.DataFrame,
    realisasi: pd.DataFrame,
    opd: list[str] | None = None,
    resmi: bool = False,
) -> list[Laporan]:
    """Every report of the period, kind by kind in the order of the report table; the optional
    kinds (the official tables) only with ``resmi``."""
    p = Periode.parse(params.periode)
    ref_hash = {
        f"data/reference/{f.name}": file_sha256(f)
        for f in sorted(workbook.reference.iterdir())
        if f.suffix in (".csv", ".yaml")
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
    iku = ind[ind["level"] == "IKU"].sort_values("kode_indikator")
    pelapor_iku = {
        k: set(realisasi.loc[realisasi["kode_indikator"] == k, "kode_opd"])
        for k in iku["kode_indikator"]
    }
    semua_pelapor = set().union(*pelapor_iku.values()) if pelapor_iku else set()
    label = ref.daerah.cari_asisten(params.asisten).label if params.asisten else ref.daerah.nama

    def buat(kind: ReportKind, nama: str, judul: str, kode: set[str], **extra: str) -> Laporan:
        parameter = params.notebook(workbook.root, kind.all_parameters, **extra)
        return Laporan(_safe_name(nama), judul, kind.notebook, parameter, masukan(kode))

    daftar: list[Laporan] = []
    for kind in REPORTS:
        if kind.opsional and not resmi:
            continue
        if kind.fan_out == "scope":  # the line's OPDs and whoever reports an IKU
            lini = set(opd_in_scope(ref, params.asisten)["kode_opd"]) | semua_pelapor
            nama = f"{kind.notebook}_asisten-{params.asisten}" if params.asisten else kind.notebook
            daftar.append(buat(kind, nama, f"{kind.title} {label} — {p.label}", lini))
        elif kind.fan_out == "once":
            judul = f"{kind.title} — {p.label}"
            daftar.append(buat(kind, kind.notebook, judul, set(ref.opd["kode_opd"])))
        elif kind.fan_out == "per_iku":
            for row in iku.itertuples():
                dukung = mendukung(ind["kode_iku"], row.kode_indikator)  # "IKU-01;IKU-04"
                pendukung = set(ind.loc[dukung, "kode_opd"].dropna())
                sumber = pendukung | pelapor_iku.get(row.kode_indikator, set())
                judul = f"{kind.title} {row.nama_indikator} — {p.label}"
                nama = f"{kind.notebook}_{row.kode_indikator}"
                daftar.append(buat(kind, nama, judul, sumber, kode_iku=row.kode_indikator))
        else:  # per_opd: the OPDs in scope
            cakupan = opd_in_scope(ref, params.asisten, opd)
            for row in cakupan.sort_values("singkatan").itertuples():
                judul = f"{row.nama_opd} — {p.label}"
                if kind.title:  # "Evaluasi Renja Dinas …"
                    judul = f"{kind.title} {judul}"
                nama = f"{kind.notebook}_{row.singkatan}"
                daftar.append(buat(kind, nama, judul, {row.kode_opd}, kode_opd=row.kode_opd))
    return daftar
