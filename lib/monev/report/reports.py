"""The report notebooks, shipped inside the package (``monev.notebooks``)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def notebook_path(name: str) -> Path:
    """The file of notebook ``name`` (without ``.ipynb``), wherever monev is installed."""
    return Path(str(files("monev.notebooks").joinpath(f"{name}.ipynb")))


NOTEBOOKS = notebook_path("rakor").parent
