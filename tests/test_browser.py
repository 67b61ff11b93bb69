"""End to end in a real headless Chromium: the app served by `streamlit run`, used as a person would.

Asks a question in the chat and sees the cited answer and its highlighted source; drafts a dossier on the Dossier
page, downloads it and reopens it with python-pptx. Set AMI_UPDATE_SCREENSHOTS=1 to refresh docs/app-chat.png.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright
from pptx import Presentation

from conftest import REPO

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_until_serving(url: str, proc: subprocess.Popen, log: Path, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"streamlit exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"streamlit did not serve within {timeout_s} s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def server(tmp_path):
    """`streamlit run app.py` on a free loopback port, with its own AMI_HOME; stopped afterwards."""
    port = _free_port()
    env = {**os.environ, "AMI_HOME": str(tmp_path / "home"), "AMI_AS_OF": "2026-11-27", "HF_HUB_OFFLINE": "1",
           "TRANSFORMERS_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False"}
    env.pop("AMI_STAFF_PASSWORD_HASH", None)
    log = tmp_path / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
             "--server.address", "127.0.0.1", "--server.headless", "true", "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_serving(url, proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def test_chat_and_dossier_in_a_real_browser(server, tmp_path):
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900}, accept_downloads=True)
            page.set_default_timeout(120_000)
            page.goto(server)
            expect(page.get_by_text("Appel clos", exact=False)).to_be_visible()

            # chat: a question, a cited answer, its source highlighted
            box = page.get_by_placeholder("Votre question sur l'appel", exact=False)
            box.fill("Quelle est la date limite de dépôt des candidatures ?")
            box.press("Enter")
            reply = page.locator('[data-testid="stChatMessage"]').nth(1)
            expect(reply).to_contain_text("17 avril 2024")
            expect(reply).to_contain_text("[1]")
            reply.get_by_text("Sources (", exact=False).click()
            mark = reply.locator("mark").first
            expect(mark).to_contain_text("17 avril 2024")
            page.wait_for_timeout(500)
            shot = tmp_path / "app-chat.png"
            page.screenshot(path=str(shot))
            assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            if os.environ.get("AMI_UPDATE_SCREENSHOTS"):
                page.screenshot(path=str(REPO / "docs" / "app-chat.png"), full_page=True)

            # phone width: nothing wider than the screen, the question box still there
            page.set_viewport_size({"width": 390, "height": 844})
            page.wait_for_timeout(500)
            assert page.evaluate("document.documentElement.scrollWidth") <= 392
            expect(box).to_be_visible()
            if os.environ.get("AMI_UPDATE_SCREENSHOTS"):
                page.screenshot(path=str(REPO / "docs" / "app-phone.png"))
            page.set_viewport_size({"width": 1280, "height": 900})

            # dossier: draft, download, reopen
            page.get_by_text("Dossier", exact=True).click()
            page.get_by_role("button", name="Préparer le dossier").click()
            dl_button = page.get_by_role("button", name="Télécharger le dossier (.pptx)")
            expect(dl_button).to_be_visible()
            with page.expect_download() as info:
                dl_button.click()
            target = tmp_path / "dossier.pptx"
            info.value.save_as(str(target))
            deck = Presentation(str(target))
            assert len(deck.slides) >= 8
            titles = [s.shapes.title.text for s in deck.slides if s.shapes.title is not None]
            assert any("Budget" in t for t in titles), titles
        finally:
            browser.close()
