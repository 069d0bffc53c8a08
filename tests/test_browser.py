"""End to end: `streamlit run app.py` driven by a real headless Chromium (Debian's)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from test_app import AGREEMENT as APP_AGREEMENT
from test_app import VICTIM_CLAUSE

pytestmark = pytest.mark.browser

PROJECT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SCRIPT = "<script>window.__pwned=1</script>"
IMAGE = '<img src=x onerror="window.__pwned=2">'
AGREEMENT = f"{APP_AGREEMENT}Ms Ora said she wrote {SCRIPT} and {IMAGE} in her diary.\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}: {server.stderr.read()}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer at {url} within {timeout:.0f} s")


@pytest.fixture()
def app_url():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        url = f"http://127.0.0.1:{port}"
        wait_until_up(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        server.stderr.close()


@pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")
def test_paste_flags_victim_responsibility_and_runs_no_script(app_url, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.goto(app_url)
            box = page.get_by_label("Agreement text")
            box.wait_for(timeout=90_000)
            box.fill(AGREEMENT)
            page.get_by_role("button", name="Analyse the draft").click()

            # the flag's name sits beside the highlighted cue, so the clause reads
            # "Ms Ora will not let [victim made responsible] Mr Kane into the house."
            flagged = page.locator(".clause", has_text=VICTIM_CLAUSE.split(" let ")[1])
            expect(flagged).to_be_visible(timeout=60_000)
            expect(flagged.locator("mark.flag-victim_responsibility")).to_contain_text(
                "[victim made responsible]")
            expect(flagged).to_contain_text("This makes the person who is being abused responsible")
            expect(flagged.locator(".role")).to_have_text("victim", ignore_case=True)

            note = page.locator(".clause", has_text=SCRIPT)
            expect(note).to_be_visible()
            expect(note).to_contain_text(IMAGE)
            assert page.locator('img[src="x"]').count() == 0
            assert page.evaluate("typeof window.__pwned") == "undefined"

            expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=30_000)
            expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
            flagged.scroll_into_view_if_needed()
            shot = tmp_path / "dashboard.png"
            page.screenshot(path=str(shot))
            assert shot.stat().st_size > 10_000
            note.scroll_into_view_if_needed()
            page.screenshot(path=str(tmp_path / "escaped.png"))
        finally:
            browser.close()
