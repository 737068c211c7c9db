"""nbconvert HTML for circulation: the project template, no code, no parameter cells."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

TEMPLATES = Path(__file__).parent / "templates"
HAPUS_TAG = {"remove-cell", "parameters", "injected-parameters"}


def buat_exporter() -> HTMLExporter:
    """One exporter per worker (nbconvert exporters are not shared between threads)."""
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
