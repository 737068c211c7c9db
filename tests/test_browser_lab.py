"""The explorer in a real JupyterLab, in headless Chromium: run the notebook, change a filter,
see the table change. The test starts and always stops its own server."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from browser import browser

from monev.commands.lab import siapkan_notebook

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def lab(sample_workbook_copy):
    siapkan_notebook(sample_workbook_copy)
    port, token = _port(), "uji-monev"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyterlab",
            "--no-browser",
            f"--port={port}",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.token={token}",
            f"--ServerApp.root_dir={sample_workbook_copy}",
            "--ServerApp.disable_check_xsrf=True",
            "--allow-root",
            "--LabApp.news_url=",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        yield f"{url}/lab/tree/notebooks/eksplorasi.ipynb?token={token}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def test_filter_change_updates_the_table_the_chart_and_the_opd_list(lab):
    with browser() as b:
        page = b.new_page(viewport={"width": 1400, "height": 1000})
        page.goto(lab)
        page.wait_for_selector(".jp-NotebookPanel", timeout=90_000)
        time.sleep(3)  # let the kernel start
        page.click("text=Run", timeout=30_000)
        page.click("text=Run All Cells", timeout=30_000)
        tabel = page.wait_for_selector(".monev-tabel", timeout=180_000)
        sebelum = int(tabel.get_attribute("data-baris"))
        assert sebelum > 0
        grafik = page.wait_for_selector(".monev-grafik img", timeout=60_000)
        sidik = page.locator(".monev-grafik").get_attribute("data-sidik")
        assert grafik.evaluate("i => i.naturalWidth") > 0
        opd_awal = page.locator(".widget-select-multiple", has_text="OPD").locator("option").count()
        # the checkbox's label shows whole
        label = page.locator(".widget-checkbox", has_text="Hanya yang bermasalah")
        assert label.evaluate("e => e.scrollWidth <= e.clientWidth + 1")
        dropdown = page.locator(".widget-dropdown", has_text="Asisten").locator("select")
        dropdown.select_option(label="Asisten III")
        page.wait_for_function(
            f"document.querySelector('.monev-tabel') && document.querySelector('.monev-tabel').dataset.baris != '{sebelum}'",
            timeout=60_000,
        )
        sesudah = int(page.locator(".monev-tabel").get_attribute("data-baris"))
        teks = page.locator(".monev-tabel").inner_text()
        assert 0 < sesudah < sebelum
        assert "DUKCAPIL" not in teks and "DPUPR" not in teks  # Asisten I and II are gone
        assert re.search(r"BKPSDM", teks)
        # the trend chart follows the filter too, and the OPD list offers Asisten III's only
        page.wait_for_function(
            f"document.querySelector('.monev-grafik').dataset.sidik != '{sidik}'",
            timeout=60_000,
        )
        opsi = page.locator(".widget-select-multiple", has_text="OPD").locator("option")
        assert 0 < opsi.count() < opd_awal
        assert "BKPSDM" in opsi.all_inner_texts() and "DPUPR" not in opsi.all_inner_texts()
