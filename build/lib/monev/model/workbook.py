"""Where things live inside a workbook root (``--root DIR``): data/, params/, outputs/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Workbook:
    root: Path

    @classmethod
    def at(cls, root: str | Path | None = None) -> Workbook:
        return cls(Path(root or ".").resolve())

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def reference(self) -> Path:
        """Reference files the analysts maintain (OPD, indikator, target, anggaran)."""
        return self.data / "reference"

    @property
    def raw(self) -> Path:
        """Every submitted file, archived unchanged, named by its SHA-256."""
        return self.data / "raw"

    @property
    def submissions(self) -> Path:
        """Incoming OPD submissions (filled templates), one folder per period."""
        return self.data / "kiriman"

    @property
    def store(self) -> Path:
        return self.data / "monev.duckdb"

    @property
    def cache(self) -> Path:
        """Derived data that can always be rebuilt from the inputs (safe to delete)."""
        return self.data / "cache"

    @property
    def params(self) -> Path:
        return self.root / "params"

    @property
    def outputs(self) -> Path:
        return self.root / "outputs"

    def periode_dir(self, periode: object) -> Path:
        return self.outputs / str(periode)
