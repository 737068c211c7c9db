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
REMOVED_TAGS = {"remove-cell", "parameters", "injected-parameters"}


class ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter (its resources, filters and ``lab`` templates) without the
    closing BeautifulSoup pass of ``HTMLExporter.from_notebook_node``.

    That pass re-parses the whole page to give an ``<img>`` without alt text a generic English
    one and to make input and output wrappers focusable. Our reports show no input, every chart
    carries its own Indonesian alt text (tests/test_report_e2e.py), and the re-parse was 80 % of
    the export time (~30 of ~40 ms per report). So the page is the template's own output:
    ``TemplateExporter.from_notebook_node``, public API, which runs the preprocessors and
    HTMLExporter's resources. Before that pass, HTMLExporter only registers two filters for the
    templates, given here as default filters: ``highlight_code`` (for input, never shown) and
    ``filter_data_type``, which never picks a widget view (a page without scripts cannot show
    one; nbconvert skips it too when the notebook holds no widget state).
    """

    def default_filters(self):
        yield from super().default_filters()
        yield ("highlight_code", Highlight2HTML)
        yield ("filter_data_type", WidgetsDataTypeFilter(notebook_metadata={}, parent=self))

    def from_notebook_node(self, nb, resources=None, **kw):
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


def make_exporter() -> HTMLExporter:
    """The project's HTML exporter: monev template, no input, no prompts."""
    config = Config()
    config.CSSHTMLHeaderPreprocessor.enabled = False  # pygments CSS for code we never show
    # validate the notebook once after all preprocessors, not after each of them
    config.Exporter.optimistic_validation = True
    exporter = ReportExporter(
        config=config,
        template_name="monev",
        language_code="id",
        extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=False,
    )
    tag = TagRemovePreprocessor(remove_cell_tags=REMOVED_TAGS, enabled=True)
    exporter.register_preprocessor(tag, enabled=True)
    return exporter


def to_html(nb: nbformat.NotebookNode, title: str, exporter: HTMLExporter | None = None) -> str:
    exporter = exporter or make_exporter()
    nb.metadata["title"] = title
    body, _ = exporter.from_notebook_node(nb)
    return body


class Renderer:
    """One exporter shared by the runner's worker threads: its templates compile once, and
    calls (~7 ms each) are serialised, since an exporter is not safe to share unlocked."""

    def __init__(self) -> None:
        self._exporter: HTMLExporter | None = None
        self._lock = threading.Lock()

    def html(self, nb: nbformat.NotebookNode, title: str) -> str:
        with self._lock:
            if self._exporter is None:
                self._exporter = make_exporter()
            return to_html(nb, title, self._exporter)
