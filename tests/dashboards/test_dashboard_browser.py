"""The running app in a real browser: every page loads in headless Chromium with no error on
screen, and a screenshot of each is kept as a test artifact.

Debian's ``chromium`` at /usr/bin/chromium is used (no browser download); screenshots go to
``$HISAAB_TEST_ARTIFACTS/dashboards`` or ``test-artifacts/dashboards`` in the repository.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
PAGES = {"overview": "", "spending": "spending", "budgets": "budgets", "recurring": "recurring",
         "anomalies": "anomalies", "models": "models", "payments": "payments",
         "quality": "quality"}  # fmt: skip
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


def _artifacts() -> Path:
    folder = Path(os.environ.get("HISAAB_TEST_ARTIFACTS") or ROOT / "test-artifacts") / "dashboards"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(dashboard_env: Path, tmp_path: Path) -> Iterator[str]:
    """``streamlit run dashboards/app.py`` on a free port, with the seeded home."""
    port = _free_port()
    command = [sys.executable, "-m", "streamlit", "run", str(ROOT / "dashboards" / "app.py"),
               "--server.headless", "true", "--server.port", str(port),
               "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
               "--server.fileWatcherType", "none"]  # fmt: skip
    with (tmp_path / "streamlit.log").open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=log, env=dict(os.environ))
        try:
            _wait_healthy(f"http://127.0.0.1:{port}", process, tmp_path / "streamlit.log")
            yield f"http://127.0.0.1:{port}"
        finally:
            process.terminate()
            process.wait(timeout=20)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"streamlit exited: {log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
                if answer.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    pytest.fail(f"streamlit did not answer at {url}: {log.read_text()[-2000:]}")


@pytest.mark.browser
@pytest.mark.slow
def test_every_page_loads_without_an_error(served: str) -> None:
    if not CHROMIUM.exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("HISAAB_REQUIRE_SERVICES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    artifacts = _artifacts()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"]
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        for name, path in PAGES.items():
            page.goto(f"{served}/{path}")
            page.wait_for_selector("h1", timeout=90_000)
            page.wait_for_selector(IDLE, timeout=90_000)
            page.wait_for_timeout(500)  # let the charts draw before the screenshot
            page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
            errors = page.locator(
                "[data-testid='stException'], [data-testid='stAlertContentError']"
            )
            assert errors.count() == 0, (name, errors.all_inner_texts())
            assert page.locator("[data-testid='stMetric']").count() >= 3, name
        browser.close()
