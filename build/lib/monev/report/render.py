"""nbconvert HTML for circulation: the project template, no code, no parameter cells."""

from __future__ import annotations

import threading
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbconvert.preprocessors import TagRemovePreprocessor
from traitlets.config import Config

TEMPLATES = Path(__file__).parent / "templates"
HAPUS_TAG = {"remove-cell", "parameters", "injected-parameters"}


class MonevHTMLExporter(HTMLExporter):
    """nbconvert's HTML exporter without its closing BeautifulSoup pass.

    That pass re-parses the whole page to give an ``<img>`` without alt text a generic English
    one and to make input and output wrappers focusable. Our reports show no input, every chart
    carries its own Indonesian alt text (tests/test_report_e2e.py), and the re-parse was 80 % of
    the export time (~30 of ~40 ms per report). Otherwise the same steps as
    ``HTMLExporter.from_notebook_node`` (nbconvert 7.16-7.17).
    """

    def from_notebook_node(self, nb, resources=None, **kw):
        highlight_code = self.filters.get("highlight_code", Highlight2HTML(parent=self))
        resources = self._init_resources(resources)
        filter_data_type = WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources
        )
        self.register_filter("highlight_code", highlight_code)
        self.register_filter("filter_data_type", filter_data_type)
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def buat_exporter() -> HTMLExporter:
    """The project's HTML exporter: monev template, no input, no prompts."""
    config = Config()
    config.CSSHTMLHeaderPreprocessor.enabled = False  # pygments CSS for code we never show
    # validate the notebook once after all preprocessors, not after each of them
    config.Exporter.optimistic_validation = True
    exporter = MonevHTMLExporter(
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
    calls (~7 ms each) are serialised, since an exporter is not safe to share unlocked."""

    def __init__(self) -> None:
        self._exporter: HTMLExporter | None = None
        self._kunci = threading.Lock()

    def html(self, nb: nbformat.NotebookNode, judul: str) -> str:
        with self._kunci:
            if self._exporter is None:
                self._exporter = buat_exporter()
            return ke_html(nb, judul, self._exporter)
