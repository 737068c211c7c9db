"""nbconvert HTML for circulation: the project template, no code, no parameter cells."""

from __future__ import annotations

import threading
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

TEMPLATES = Path(__file__).parent / "templates"
HAPUS_TAG = {"remove-cell", "parameters", "injected-parameters"}


def buat_exporter() -> HTMLExporter:
    """The project's HTML exporter: monev template, no input, no prompts."""
    config = Config()
    config.CSSHTMLHeaderPreprocessor.enabled = False  # pygments CSS for code we never show
    exporter = HTMLExporter(
        config=config,
        template_name="monev",
        language_code="id",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=False,
    )
    tag = TagRemovePreprocessor(remove_cell_tags=HAPUS_TAG, enabled=True)
    exporter.register_preprocessor(tag, enabled=True)
    return exporter


def ke_html(nb: nbformat.NotebookNode, judul: str, exporter: HTMLExporter | None = None) -> str:
    exporter = exporter or buat_exporter()
    nb.metadata["title"] = judul
    body, _ = exporter.from_notebook_node(nb)
    return body


class Perender:
    """One exporter shared by the runner's worker threads: its templates compile once, and
    calls (~40 ms each) are serialised, since an exporter is not safe to share unlocked."""

    def __init__(self) -> None:
        self._exporter: HTMLExporter | None = None
        self._kunci = threading.Lock()

    def html(self, nb: nbformat.NotebookNode, judul: str) -> str:
        with self._kunci:
            if self._exporter is None:
                self._exporter = buat_exporter()
            return ke_html(nb, judul, self._exporter)
