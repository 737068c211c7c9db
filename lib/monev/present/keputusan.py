"""Decisions of the rakor on the pages: what this rakor decided, which earlier decisions were
closed this month, which are overdue at the meeting date or carried, each decision's status
month by month and the OPD's progress notes.

The frames (``keputusan_rapat``, ``status_keputusan``, ``riwayat_keputusan``,
``catatan_kemajuan``) are also what the notulen and the follow-up letters print
(``monev.report.notulen``), so a page and a letter never disagree. Figures come from the engine
(``ctx.evaluasi.tindak_lanjut``, ``engine.tindak_lanjut.riwayat_tindak_lanjut``).
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML

from monev.engine.tindak_lanjut import riwayat_tindak_lanjut
from monev.model.periode import Periode
from monev.present import format as fmt
from monev.present.escape import judul, paragraf
from monev.present.tables import tabel_html

KOLOM_KEPUTUSAN = {
    "no": "No",
    "kode_tl": "Kode",
    "singkatan": "OPD",
    "masalah": "Masalah",
    "keputusan": "Keputusan",
    "penanggung_jawab": "Penanggung jawab",
    "batas": "Batas waktu",
}
KOLOM_STATUS = {
    "kode_tl": "Kode",
    "singkatan": "OPD",
    "keputusan": "Keputusan",
    "rakor": "Rakor",
    "batas": "Batas waktu",
    "status_teks": "Status",
    "catatan": "Catatan kemajuan OPD",
}


def _opd(ctx, kode_opd: list[str] | None) -> pd.Series:
    nama = ctx.ref.opd.set_index("kode_opd")["singkatan"]
    return nama if kode_opd is None else nama[nama.index.isin(kode_opd)]


def keputusan_rapat(ctx, kode_opd: list[str] | None = None) -> pd.DataFrame:
    """This month's rakor's decisions (the register of ``ctx.periode``), in register order, as
    printed: no, kode_tl, singkatan, masalah, keputusan, penanggung_jawab, batas."""
    k = ctx.keputusan
    if k is None or k.empty:
        return pd.DataFrame(columns=list(KOLOM_KEPUTUSAN))
    k = k[k["periode"].astype(str) == ctx.periode]
    nama = _opd(ctx, kode_opd)
    k = k[k["kode_opd"].isin(nama.index)].sort_values("nomor")
    return pd.DataFrame(
        {
            "no": [str(i) for i in range(1, len(k) + 1)],
            "kode_tl": k["kode_tl"].to_numpy(),
            "singkatan": k["kode_opd"].map(nama).to_numpy(),
            "masalah": k["masalah"].to_numpy(),
            "keputusan": k["keputusan"].to_numpy(),
            "penanggung_jawab": k["penanggung_jawab"].to_numpy(),
            "batas": [fmt.tanggal(v) for v in k["batas_waktu"]],
            "kode_opd": k["kode_opd"].to_numpy(),
        }
    )


def _status_teks(row) -> str:
    if str(row["keadaan"]) == "terlambat":
        return f"terlambat {int(row['hari_terlambat'])} hari"
    bulan = row["status_bulan"]
    if pd.isna(bulan):
        return "selesai"
    return {"selesai": "selesai bulan ini"}.get(str(bulan), str(bulan))


def status_keputusan(ctx, kode_opd: list[str] | None = None) -> pd.DataFrame:
    """The decisions of earlier rakors at this month, as printed (KOLOM_STATUS) plus their
    engine columns (status_bulan, keadaan, hari_terlambat, periode_awal): overdue first, then
    closed this month, then the rest by deadline. Decisions closed in an earlier month are left
    out; this month's own decisions are in ``keputusan_rapat``."""
    tl = ctx.evaluasi.tindak_lanjut
    kolom = [*KOLOM_STATUS, "kode_opd", "status_bulan", "keadaan", "hari_terlambat"]
    if tl.empty or "asal" not in tl:
        return pd.DataFrame(columns=kolom)
    nama = _opd(ctx, kode_opd)
    tl = tl[(tl["asal"] == "rakor") & tl["kode_opd"].isin(nama.index)]
    tl = tl[(tl["periode_awal"] < ctx.periode) & tl["status_bulan"].notna()]
    if tl.empty:
        return pd.DataFrame(columns=kolom)
    urut = tl["keadaan"].astype(str).map({"terlambat": 0, "selesai": 1}).fillna(2)
    tl = tl.assign(_urut=urut).sort_values(["_urut", "batas_waktu", "kode_tl"])
    catatan = tl["keterangan"].where(~tl["dibawa"])  # a note of this month's report only
    return pd.DataFrame(
        {
            "kode_tl": tl["kode_tl"].to_numpy(),
            "singkatan": tl["kode_opd"].map(nama).to_numpy(),
            "keputusan": tl["tindak_lanjut"].to_numpy(),
            "rakor": [fmt.periode(p) for p in tl["periode_awal"]],
            "batas": [fmt.tanggal(v) for v in tl["batas_waktu"]],
            "status_teks": [_status_teks(r) for _, r in tl.iterrows()],
            "catatan": catatan.astype(object).where(catatan.notna(), "").to_numpy(),
            "kode_opd": tl["kode_opd"].to_numpy(),
            "status_bulan": tl["status_bulan"].astype(str).to_numpy(),
            "keadaan": tl["keadaan"].astype(str).to_numpy(),
            "hari_terlambat": tl["hari_terlambat"].to_numpy(),
        }
    )


def riwayat_keputusan(ctx, kode_opd: list[str] | None = None, bulan: int = 6) -> pd.DataFrame:
    """Decisions × the last ``bulan`` months: each cell the decision's status that month (baru,
    dalam proses, selesai, dibawa; "–" before it was decided or after it was closed)."""
    tl = ctx.tindak_lanjut
    if tl is None or tl.empty or "asal" not in tl:
        return pd.DataFrame()
    nama = _opd(ctx, kode_opd)
    tl = tl[(tl["asal"] == "rakor") & tl["kode_opd"].isin(nama.index)]
    r = riwayat_tindak_lanjut(tl, ctx.periode)
    awal = str(Periode.parse(ctx.periode).tambah(1 - bulan))
    r = r[r["periode"] >= awal]
    if r.empty:
        return pd.DataFrame()
    tabel = r.pivot(index="kode_tl", columns="periode", values="status_bulan").astype(object)
    tabel = tabel.where(tabel.notna(), fmt.KOSONG)
    tabel.columns = [fmt.bulan_singkat(c) for c in tabel.columns]
    opd = r.drop_duplicates("kode_tl").set_index("kode_tl")["kode_opd"].map(nama)
    tabel.insert(0, "OPD", opd.reindex(tabel.index))
    tabel.insert(0, "Kode", tabel.index)
    return tabel.reset_index(drop=True)


def catatan_kemajuan(ctx, kode_opd: list[str] | None = None, bulan: int = 6) -> pd.DataFrame:
    """The OPDs' progress notes on decisions (their reports' keterangan), newest first."""
    tl = ctx.tindak_lanjut
    kolom = ["bulan", "kode_tl", "singkatan", "status", "keterangan"]
    if tl is None or tl.empty or "asal" not in tl:
        return pd.DataFrame(columns=kolom)
    nama = _opd(ctx, kode_opd)
    awal = str(Periode.parse(ctx.periode).tambah(1 - bulan))
    tl = tl[(tl["asal"] == "rakor") & tl["kode_opd"].isin(nama.index)]
    r = riwayat_tindak_lanjut(tl, ctx.periode)
    r = r[r["dilaporkan"] & r["keterangan"].notna() & (r["periode"] >= awal)]
    r = r.sort_values(["periode", "kode_tl"], ascending=[False, True])
    return pd.DataFrame(
        {
            "bulan": [fmt.periode(p) for p in r["periode"]],
            "kode_tl": r["kode_tl"].to_numpy(),
            "singkatan": r["kode_opd"].map(nama).to_numpy(),
            "status": r["status_bulan"].astype(str).to_numpy(),
            "keterangan": r["keterangan"].to_numpy(),
        }
    )


def _tabel_riwayat(tabel: pd.DataFrame) -> str:
    if tabel.empty:
        return paragraf("Belum ada keputusan rakor yang tercatat.", "kosong")
    return tabel_html(tabel, {c: c for c in tabel.columns})


def bagian(ctx, kode_opd: list[str] | None = None) -> str:
    """The decisions' section of a page for these OPDs (HTML text)."""
    k = ctx.keputusan
    if k is None or k.empty:
        return judul("Keputusan rakor", 3) + paragraf(
            "Belum ada register keputusan rakor yang dimuat (monev keputusan --templat, "
            "lalu monev keputusan --muat).",
            "kosong",
        )
    if kode_opd is not None and not k["kode_opd"].isin(kode_opd).any():
        return judul("Keputusan rakor", 3) + paragraf(
            "Belum ada keputusan rakor untuk OPD ini.", "kosong"
        )
    status = status_keputusan(ctx, kode_opd)
    ditutup = status[status["status_bulan"] == "selesai"]
    berjalan = status[status["status_bulan"] != "selesai"]
    tanggal = ctx.settings.tanggal_rapat
    acuan = (
        f"tanggal rapat {fmt.tanggal(pd.Timestamp(tanggal))}"
        if tanggal
        else f"akhir {fmt.periode(ctx.periode)} (tanggal rapat tidak diisi di params)"
    )
    kolom = {k: v for k, v in KOLOM_STATUS.items() if k != "catatan"}
    return "\n".join(
        [
            judul("Keputusan rakor", 3),
            paragraf(f"Keputusan rakor {fmt.periode(ctx.periode)}:"),
            tabel_html(
                keputusan_rapat(ctx, kode_opd),
                {k: v for k, v in KOLOM_KEPUTUSAN.items() if k != "no"},
                kosong="Register keputusan bulan ini belum dimuat (monev keputusan --muat).",
            ),
            judul("Keputusan yang selesai bulan ini", 4),
            tabel_html(ditutup, kolom, kosong="Tidak ada keputusan yang selesai bulan ini."),
            judul("Keputusan yang belum selesai", 4),
            paragraf(f"Keterlambatan dihitung pada {acuan}."),
            tabel_html(berjalan, KOLOM_STATUS, kosong="Tidak ada keputusan yang belum selesai."),
            judul("Status keputusan bulan demi bulan", 4),
            _tabel_riwayat(riwayat_keputusan(ctx, kode_opd)),
            judul("Catatan kemajuan dari OPD", 4),
            tabel_html(
                catatan_kemajuan(ctx, kode_opd),
                {
                    "bulan": "Bulan",
                    "kode_tl": "Kode",
                    "singkatan": "OPD",
                    "status": "Status",
                    "keterangan": "Catatan",
                },
                kosong="Belum ada catatan kemajuan dari OPD.",
            ),
        ]
    )


def keputusan(ctx, asisten: str = "") -> HTML:
    """The section for a rakor page (one Asisten's OPDs, or all)."""
    opd = ctx.evaluasi.opd
    if asisten:
        opd = opd[opd["asisten"].astype(str) == asisten]
    return HTML(bagian(ctx, list(opd["kode_opd"])))
