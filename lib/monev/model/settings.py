"""Every rule of the domain notes that is a choice, with its documented default.

A ``Settings`` is immutable; ``Settings.from_dict`` validates overrides (from a params YAML or CLI
options) with a clear message, and ``uraian()`` states the settings in force for a report footnote.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


class SettingsError(ValueError):
    """An override that names an unknown setting or gives a value of the wrong kind."""


@dataclass(frozen=True)
class Band:
    """A predikat band: capaian strictly above ``batas_bawah`` (and up to the next band)."""

    batas_bawah: float
    label: str
    singkat: str


DEFAULT_BANDS: tuple[Band, ...] = (
    Band(90.0, "Sangat Tinggi", "ST"),
    Band(75.0, "Tinggi", "T"),
    Band(65.0, "Sedang", "S"),
    Band(50.0, "Rendah", "R"),
    Band(-math.inf, "Sangat Rendah", "SR"),
)

NEGATIVE_FORMULAS = ("2T-R", "T/R")
PRORATE_METHODS = ("linear", "anggaran_kas")
OUTLIER_METHODS = ("modified_z", "z", "minmax")
TARGET_CACAH = ("terdekat", "ke_atas", "pecahan")
NEGATIF_NOL_NOL = ("100", "tidak_dapat_dihitung")
TEPRA_ORDERS = ("fisik,keuangan", "keuangan,fisik")
RENCANA_FISIK = ("anggaran_kas", "linear")
ANGGARAN_TANPA_LAPORAN = ("tidak_diketahui", "nol")


# The settings' names in params YAML, as the analysts write them (Indonesian); a field's own name
# (the code's) is accepted too, so params written before these names keep working. Names that
# are Indonesian already (negatif_nol_nol, target_cacah, ...) need no entry.
NAMA_PENGATURAN: dict[str, str] = {
    "rumus_negatif": "negative_formula",
    "batas_atas_capaian": "cap",
    "pita_predikat": "bands",
    "potong_100_sebelum_rata": "clip_before_mean",
    "pakai_bobot_indikator": "use_indicator_weights",
    "pembagian_target": "prorate",
    "lampu_merah_di_bawah": "lampu_merah_below",
    "lampu_kuning_di_bawah": "lampu_kuning_below",
    "tonggak_serapan": "milestones",
    "urutan_tepra": "tepra_order",
    "jendela_tren": "trend_window",
    "toleransi_tren": "trend_tolerance",
    "toleransi_tren_tahunan_pct": "trend_tolerance_raw_pct",
    "tanggal_batas_kirim": "deadline_day",
    "metode_pencilan": "outlier_method",
    "ambang_pencilan": "outlier_threshold",
    "lonjakan_nilai_pct": "level_jump_pct",
    "selisih_sumber_pct": "source_tolerance_pct",
    "lantai_relatif_pencilan": "outlier_floor_relative",
    "lantai_cacah_pencilan": "outlier_floor_count",
    "ambang_kewajaran": "plausibility_threshold",
    "lantai_relatif_kewajaran": "plausibility_floor_relative",
    "lantai_relatif_kewajaran_kumulatif": "plausibility_floor_relative_kumulatif",
    "lantai_mutlak_kewajaran": "plausibility_floor_absolute",
    "rasio_target_kewajaran": "plausibility_target_ratio",
    "riwayat_kewajaran": "plausibility_history",
    "ditandai_masuk_rata": "include_flagged_in_mean",
    "bobot_kualitas": "quality_weights",
    "poin_per_hari_terlambat": "quality_points_per_day_late",
}
_NAMA_ID = {field: nama for nama, field in NAMA_PENGATURAN.items()}


def nama_pengaturan(field: str) -> str:
    """The name a setting is written under in params YAML (``trend_window`` → ``jendela_tren``)."""
    return _NAMA_ID.get(field, field)


def kunci_baku(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """``overrides`` keyed by the fields' own names (the Indonesian names translated); a setting
    written twice, under both names, is refused."""
    out: dict[str, Any] = {}
    tertulis: dict[str, str] = {}
    for kunci, value in overrides.items():
        field = NAMA_PENGATURAN.get(str(kunci), str(kunci))
        if field in out:
            raise SettingsError(
                f"Pengaturan {nama_pengaturan(field)} ditulis dua kali ({tertulis[field]} dan "
                f"{kunci}); hapus salah satunya."
            )
        out[field], tertulis[field] = value, str(kunci)
    return out


@dataclass(frozen=True)
class Settings:
    # capaian (methods.md §1)
    negative_formula: str = "2T-R"
    cap: float | None = None
    # negatif with T = 0 and R = 0: "100" (practice) or "tidak_dapat_dihitung" (like any T = 0)
    negatif_nol_nol: str = "100"
    # predikat (methods.md §2), highest band first
    bands: tuple[Band, ...] = DEFAULT_BANDS
    # roll-up (methods.md §3)
    clip_before_mean: bool = False
    use_indicator_weights: bool = False
    # periods (methods.md §4)
    prorate: str = "linear"
    # budget (methods.md §5)
    lampu_merah_below: float = -10.0
    lampu_kuning_below: float = -5.0
    milestones: tuple[tuple[int, float], ...] = ((3, 20.0), (6, 50.0), (9, 85.0))
    # TEPRA ranking (practice): by realisasi fisik, then keuangan, descending; or the reverse
    tepra_order: str = "fisik,keuangan"
    # the physical plan: the anggaran kas curve (target fisik = target keuangan; DPA carries no
    # physical plan) or "linear" (month / 12 × 100)
    rencana_fisik: str = "anggaran_kas"
    # a budget line an OPD did not report this month: "tidak_diketahui" (left out of the OPD's
    # realisasi, which is then marked partial) or "nol" (counted as Rp 0 and 0 % fisik)
    anggaran_tanpa_laporan: str = "tidak_diketahui"
    # trends (methods.md §6)
    trend_window: int = 6
    trend_tolerance: float = (
        0.5  # capaian points per month below which a slope is "stabil" (assumed)
    )
    # raw yearly series (IKU): a slope below this % of the series' mean level per year is
    # "stabil" (assumed: BPS figures move by a few tenths a year)
    trend_tolerance_raw_pct: float = 1.0
    # pro-rated targets of counts (satuan laporan, orang, unit …): "terdekat" (half up),
    # "ke_atas" (ceiling) or "pecahan" (kept fractional) — the engine and the template alike
    target_cacah: str = "terdekat"
    # data quality (data-quality.md §1)
    deadline_day: int = 10
    outlier_method: str = "modified_z"
    outlier_threshold: float = 3.5
    level_jump_pct: float = 50.0  # a 'terakhir' value moving more than this % in a month (assumed)
    source_tolerance_pct: float = 10.0  # two sources of one IKU disagreeing by more (assumed)
    # outlier floors of the month-on-month change rule: the MAD is at least this share of the
    # typical change, and half a unit for whole counts (assumed)
    outlier_floor_relative: float = 0.05
    outlier_floor_count: float = 0.5
    # plausibility of each value (methods.md §1): modified z against the value's own last
    # ``plausibility_history`` months (the level; the monthly increment of a kumulatif value),
    # the spread floored at a share of the typical level or increment and at an absolute floor,
    # so that ordinary +0,2..0,3 moves are never flagged; and the value against its target
    plausibility_threshold: float = 3.5
    plausibility_floor_relative: float = 0.05
    plausibility_floor_relative_kumulatif: float = 0.5
    plausibility_floor_absolute: float = 0.5
    plausibility_target_ratio: float = 5.0  # a value above 5 × its target (assumed)
    plausibility_history: int = 12
    include_flagged_in_mean: bool = False
    # data-quality score (data-quality.md §1): weights of completeness, timeliness, validity
    # and the timeliness points lost per day late (assumed)
    quality_weights: tuple[float, float, float] = (50.0, 25.0, 25.0)
    quality_points_per_day_late: float = 10.0
    # the rakor's date (ISO, from params tanggal_rapat): follow-up items whose deadline falls
    # before it are overdue at the meeting; empty = the last day of the month
    tanggal_rapat: str = ""

    def __post_init__(self) -> None:
        if self.negative_formula not in NEGATIVE_FORMULAS:
            raise SettingsError(
                f"rumus_negatif harus salah satu dari {', '.join(NEGATIVE_FORMULAS)}; "
                f"tertulis {self.negative_formula!r}."
            )
        if self.cap is not None and (not _finite(self.cap) or self.cap <= 0):
            raise SettingsError(
                f"batas_atas_capaian harus angka positif atau kosong; tertulis {self.cap!r}."
            )
        for name, low, inclusive in (
            ("outlier_threshold", 0.0, False),
            ("level_jump_pct", 0.0, False),
            ("source_tolerance_pct", 0.0, True),
            ("trend_tolerance", 0.0, True),
            ("trend_tolerance_raw_pct", 0.0, True),
            ("outlier_floor_relative", 0.0, True),
            ("outlier_floor_count", 0.0, True),
            ("plausibility_threshold", 0.0, False),
            ("plausibility_floor_relative", 0.0, True),
            ("plausibility_floor_relative_kumulatif", 0.0, True),
            ("plausibility_floor_absolute", 0.0, True),
            ("plausibility_target_ratio", 1.0, False),
            ("quality_points_per_day_late", 0.0, True),
        ):
            value = getattr(self, name)
            if not _finite(value) or value < low or (value == low and not inclusive):
                batas = "0 atau lebih" if inclusive else "lebih dari 0"
                raise SettingsError(
                    f"{nama_pengaturan(name)} harus angka {batas}; tertulis {value!r}."
                )
        if not (
            _finite(self.lampu_merah_below)
            and _finite(self.lampu_kuning_below)
            and self.lampu_merah_below < self.lampu_kuning_below <= 0
        ):
            raise SettingsError(
                "lampu_merah_di_bawah harus lebih kecil dari lampu_kuning_di_bawah, keduanya 0 atau "
                f"negatif (poin deviasi); tertulis {self.lampu_merah_below!r} dan "
                f"{self.lampu_kuning_below!r}."
            )
        for bulan, persen in self.milestones:
            if not (1 <= bulan <= 12 and _finite(persen) and 0 <= persen <= 100):
                raise SettingsError(
                    "tonggak_serapan harus bulan 1–12 dengan persen 0–100, contoh {3: 20, 6: 50}; "
                    f"tertulis {bulan!r}: {persen!r}."
                )
        if self.prorate not in PRORATE_METHODS:
            raise SettingsError(
                f"pembagian_target harus salah satu dari {', '.join(PRORATE_METHODS)}; "
                f"tertulis {self.prorate!r}."
            )
        if self.outlier_method not in OUTLIER_METHODS:
            raise SettingsError(
                f"metode_pencilan harus salah satu dari {', '.join(OUTLIER_METHODS)}; "
                f"tertulis {self.outlier_method!r}."
            )
        lowers = [b.batas_bawah for b in self.bands]
        labels = [b.label.strip() for b in self.bands]
        if not all(labels) or len(set(labels)) != len(labels):
            raise SettingsError(f"label bands harus terisi dan berbeda; tertulis {labels!r}.")
        if (
            any(not _finite(v) for v in lowers[:-1])
            or lowers != sorted(lowers, reverse=True)
            or len(set(lowers)) != len(lowers)
            or lowers[-1] != -math.inf
        ):
            raise SettingsError(
                "pita_predikat harus urut dari batas tertinggi ke terendah, dan band terakhir tanpa batas "
                "bawah (batas_bawah: null)."
            )
        if self.tanggal_rapat:
            try:
                dt.date.fromisoformat(str(self.tanggal_rapat))
            except ValueError:
                raise SettingsError(
                    f"tanggal_rapat harus tanggal tahun-bulan-tanggal, contoh 2026-11-09; "
                    f"tertulis {self.tanggal_rapat!r}."
                ) from None
        if not 1 <= self.deadline_day <= 28:
            raise SettingsError(f"tanggal_batas_kirim harus 1–28; tertulis {self.deadline_day!r}.")
        if self.target_cacah not in TARGET_CACAH:
            raise SettingsError(
                f"target_cacah harus salah satu dari {', '.join(TARGET_CACAH)}; "
                f"tertulis {self.target_cacah!r}."
            )
        for name, pilihan in (
            ("negatif_nol_nol", NEGATIF_NOL_NOL),
            ("tepra_order", TEPRA_ORDERS),
            ("rencana_fisik", RENCANA_FISIK),
            ("anggaran_tanpa_laporan", ANGGARAN_TANPA_LAPORAN),
        ):
            if getattr(self, name) not in pilihan:
                raise SettingsError(
                    f"{nama_pengaturan(name)} harus salah satu dari {', '.join(pilihan)}; "
                    f"tertulis {getattr(self, name)!r}."
                )
        if self.trend_window < 2:
            raise SettingsError(f"trend_window minimal 2; tertulis {self.trend_window!r}.")
        if (
            len(self.quality_weights) != 3
            or not all(_finite(w) and w >= 0 for w in self.quality_weights)
            or not sum(self.quality_weights) > 0
        ):
            raise SettingsError(
                "bobot_kualitas harus tiga bobot 0 atau lebih (kelengkapan, ketepatan, "
                f"validitas), tidak semuanya 0; tertulis {self.quality_weights!r}."
            )
        if self.plausibility_history < 3:
            raise SettingsError(
                f"plausibility_history minimal 3; tertulis {self.plausibility_history!r}."
            )

    @classmethod
    def from_dict(cls, overrides: Mapping[str, Any] | None) -> Settings:
        """Build settings from a mapping of overrides (e.g. the ``settings:`` block of params)."""
        if not overrides:
            return cls()
        names = {f.name for f in dataclasses.fields(cls)}
        unknown = sorted(str(k) for k in overrides if NAMA_PENGATURAN.get(str(k), k) not in names)
        if unknown:
            raise SettingsError(
                f"Pengaturan tidak dikenal: {', '.join(unknown)}. "
                f"Yang tersedia: {', '.join(sorted(nama_pengaturan(n) for n in names))}."
            )
        overrides = kunci_baku(overrides)
        kwargs: dict[str, Any] = {}
        for key, value in overrides.items():
            if key == "bands":
                kwargs[key] = _parse_bands(value)
            elif key == "milestones":
                kwargs[key] = _parse_milestones(value)
            elif key == "quality_weights":
                if not isinstance(value, list | tuple) or len(value) != 3:
                    raise SettingsError(
                        f"bobot_kualitas harus tiga angka, contoh [50, 25, 25]; tertulis {value!r}."
                    )
                kwargs[key] = tuple(_number(nama_pengaturan(key), v) for v in value)
            elif key == "negatif_nol_nol" and _finite(value):
                kwargs[key] = f"{value:g}"  # YAML reads 100 as a number
            elif key == "tepra_order" and isinstance(value, list | tuple):
                kwargs[key] = ",".join(str(v).strip() for v in value)
            elif key == "cap":
                kwargs[key] = (
                    None if value in (None, "", "none") else _number(nama_pengaturan(key), value)
                )
            elif isinstance(getattr(cls(), key), bool):
                if not isinstance(value, bool):
                    raise SettingsError(
                        f"{nama_pengaturan(key)} harus true atau false; tertulis {value!r}."
                    )
                kwargs[key] = value
            elif isinstance(getattr(cls(), key), int):
                number = _number(nama_pengaturan(key), value)
                if number != int(number):
                    raise SettingsError(
                        f"{nama_pengaturan(key)} harus bilangan bulat; tertulis {value!r}."
                    )
                kwargs[key] = int(number)
            elif isinstance(getattr(cls(), key), float):
                kwargs[key] = _number(nama_pengaturan(key), value)
            else:
                if not isinstance(value, str):
                    raise SettingsError(f"{nama_pengaturan(key)} harus teks; tertulis {value!r}.")
                kwargs[key] = value
        return dataclasses.replace(cls(), **kwargs)

    def to_dict(self) -> dict[str, Any]:
        """Plain, JSON-able form (for manifests and notebook parameters)."""
        out = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        out["bands"] = [
            {"batas_bawah": None if math.isinf(b.batas_bawah) else b.batas_bawah,
             "label": b.label, "singkat": b.singkat}
            for b in self.bands
        ]  # fmt: skip
        out["milestones"] = {str(m): v for m, v in self.milestones}
        return out

    def uraian(self) -> str:
        """One Indonesian sentence of the settings in force, for a report footnote."""
        cap = "tanpa batas atas" if self.cap is None else f"dibatasi {self.cap:g} %"
        clip = "dipotong di 100 sebelum dirata-rata" if self.clip_before_mean else "tidak dipotong"
        bobot = "berbobot" if self.use_indicator_weights else "bobot sama"
        return (
            f"Rumus polaritas negatif: {self.negative_formula}; {self.uraian_negatif_nol_nol()}; "
            f"capaian {cap}; "
            f"rata-rata capaian OPD {bobot}, nilai di atas 100 {clip}; "
            f"target periode dari target tahunan: {self.prorate}; "
            f"{self.uraian_tren()}; "
            f"predikat dari capaian yang tercetak (2 desimal, dibulatkan setengah ke atas); "
            f"target rentang tanpa arah: kedua sisinya lebih buruk; "
            f"target periode satuan cacah {self.uraian_target_cacah()}; "
            f"batas kirim tanggal {self.deadline_day} bulan berikutnya; "
            f"{self.uraian_anggaran()}; "
            f"{self.uraian_tindak_lanjut()}; "
            f"{self.uraian_kewajaran()}."
        )

    def uraian_tren(self) -> str:
        """The trend rules in force (footnote part; ``engine.trends.label_tren`` for captions)."""
        return (
            f"tren {self.trend_window} bulan dari kemiringan capaian (stabil bila di bawah "
            f"{_g(self.trend_tolerance)} poin/bulan), tren IKU {self.trend_window} tahun dari "
            f"kemiringan nilainya menurut polaritas (stabil bila di bawah "
            f"{_g(self.trend_tolerance_raw_pct)} % dari rata-ratanya per tahun)"
        )

    def uraian_negatif_nol_nol(self) -> str:
        if self.negatif_nol_nol == "100":
            return "polaritas negatif dengan target 0 dan realisasi 0 bercapaian 100"
        return "polaritas negatif dengan target 0 dan realisasi 0 tidak dapat dihitung"

    def uraian_anggaran(self) -> str:
        """The budget rules in force (footnote part): lights, milestones, physical plan, TEPRA
        order and budget lines not reported."""
        tonggak = ", ".join(f"bulan {m}: {_g(v)} %" for m, v in self.milestones) or "tidak ada"
        urutan = {
            "fisik,keuangan": "realisasi fisik lalu keuangan",
            "keuangan,fisik": "realisasi keuangan lalu fisik",
        }[self.tepra_order]
        rencana = {
            "anggaran_kas": "mengikuti kurva anggaran kas (sama dengan target keuangan)",
            "linear": "linear (bulan/12 × 100 %)",
        }[self.rencana_fisik]
        tanpa = {
            "tidak_diketahui": "tidak dihitung (realisasi OPD ditandai sebagian)",
            "nol": "dihitung Rp 0 dan fisik 0 %",
        }[self.anggaran_tanpa_laporan]
        return (
            f"lampu merah bila deviasi di bawah {_g(self.lampu_merah_below)} poin, kuning di "
            f"bawah {_g(self.lampu_kuning_below)} poin; tonggak serapan {tonggak}; "
            f"target fisik {rencana}; peringkat TEPRA menurut {urutan}, dari tertinggi; "
            f"sub kegiatan yang tidak dilaporkan {tanpa}"
        )

    def uraian_target_cacah(self) -> str:
        return {
            "terdekat": "dibulatkan ke bilangan bulat terdekat",
            "ke_atas": "dibulatkan ke atas",
            "pecahan": "tidak dibulatkan",
        }[self.target_cacah]

    def uraian_tindak_lanjut(self) -> str:
        """When a follow-up item is overdue (footnote part)."""
        if not self.tanggal_rapat:
            return "tindak lanjut terlambat bila batas waktunya sebelum akhir bulan laporan"
        from monev.model.angka import format_tanggal_id

        tanggal = format_tanggal_id(dt.date.fromisoformat(self.tanggal_rapat))
        return f"tindak lanjut terlambat bila batas waktunya sebelum tanggal rapat {tanggal}"

    def uraian_kewajaran(self) -> str:
        """The plausibility and outlier settings in force, in Indonesian (footnote part)."""
        masuk = "ikut" if self.include_flagged_in_mean else "tidak ikut"
        return (
            f"nilai perlu verifikasi bila skor z-termodifikasi atas {self.plausibility_history} "
            f"bulan riwayatnya melebihi {_g(self.plausibility_threshold)} (sebaran minimal "
            f"{_g(self.plausibility_floor_relative * 100)} % dari nilai lazimnya, "
            f"{_g(self.plausibility_floor_relative_kumulatif * 100)} % dari kenaikan lazim "
            f"nilai kumulatif, dan "
            f"{_g(self.plausibility_floor_absolute)} satuan) atau nilainya di atas "
            f"{_g(self.plausibility_target_ratio)} × target, dan {masuk} dirata-rata; "
            f"pencilan perubahan bulanan: {self.outlier_method} di atas "
            f"{_g(self.outlier_threshold)}"
        )


def _g(x: float) -> str:
    """A setting's number with a decimal comma (the model layer has no formatter of its own)."""
    return f"{x:g}".replace(".", ",")


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _number(key: str, value: Any) -> float:
    """A finite number: NaN and infinity would silently remove every capaian they touch."""
    if not _finite(value):
        raise SettingsError(f"{key} harus angka (bukan NaN atau tak hingga); tertulis {value!r}.")
    return float(value)


def _parse_milestones(value: Any) -> tuple[tuple[int, float], ...]:
    contoh = "tonggak_serapan harus pasangan bulan: persen, contoh {3: 20, 6: 50, 9: 85}"
    if not isinstance(value, dict):
        raise SettingsError(f"{contoh}; tertulis {value!r}.")
    out = []
    for bulan, persen in value.items():
        try:
            b = int(str(bulan))
        except ValueError:
            raise SettingsError(f"{contoh}; bulan {bulan!r} bukan angka.") from None
        out.append((b, _number(f"tonggak_serapan[{bulan}]", persen)))
    return tuple(sorted(out))


def _parse_bands(value: Any) -> tuple[Band, ...]:
    try:
        bands = tuple(
            Band(
                -math.inf
                if item.get("batas_bawah") is None
                else _number("batas_bawah", item["batas_bawah"]),
                str(item["label"]),
                str(item.get("singkat", item["label"])),
            )
            for item in value
        )
    except SettingsError:
        raise
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise SettingsError(
            "pita_predikat harus daftar berisi batas_bawah, label, singkat; contoh: "
            "[{batas_bawah: 90, label: Sangat Tinggi, singkat: ST}, ...]"
        ) from exc
    return bands
