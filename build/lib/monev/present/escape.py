"""The one escaping helper: every piece of text from submissions passes here before HTML."""

from __future__ import annotations

import html

import pandas as pd


def teks(value: object) -> str:
    """Escape a value for HTML text or attribute context (quotes included)."""
    if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def judul(text: object, level: int = 2) -> str:
    """A heading as HTML (never Markdown: a ``[x](javascript:..)`` in a name stays text)."""
    return f"<h{level}>{teks(text)}</h{level}>"


def paragraf(text: object, kelas: str | None = None) -> str:
    attr = f' class="{teks(kelas)}"' if kelas else ""
    return f"<p{attr}>{teks(text)}</p>"
