"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright (no downloads).

Browser tests skip when Chromium is missing, except on CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]


def perlu_chromium() -> None:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium tidak ada di {CHROMIUM}; .ci/run harus memasangnya.")
        pytest.skip("Chromium tidak terpasang (apt-get install chromium)")


@contextmanager
def browser():
    perlu_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()
