"""Reading ``data/reference/daerah.yaml``, the regency's identity (light: no pandas, so a
command can check its parameters against it before anything heavy is imported)."""

from __future__ import annotations

from pathlib import Path

import yaml

from monev.model.daerah import Daerah, DaerahError

DAERAH_FILE = "daerah.yaml"


def read_daerah(path: Path) -> Daerah:
    """The regency's identity; a missing or malformed file is a ``DaerahError`` naming it."""
    path = Path(path)
    if not path.exists():
        raise DaerahError(
            f"Berkas {path} tidak ada. Tulis nama daerah dan garis koordinasi Asisten di sana, "
            "contoh:\nnama: Kabupaten Contoh\nasisten:\n"
            "  - {kode: II, nama: Asisten Ekonomi dan Pembangunan}"
        )
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DaerahError(f"Berkas {path.name} tidak dapat dibaca sebagai YAML: {exc}") from None
    try:
        return Daerah.from_dict(data)
    except DaerahError as exc:
        raise DaerahError(f"Berkas {path.name}: {exc}") from None
