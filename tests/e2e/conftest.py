"""Shared set-up of the real-browser tests: Debian's chromium driven by Playwright.

Assertions get 15 s instead of Playwright's 5 s: the tests run on a shared 2-core machine and in CI.
Without chromium the tests skip on a developer's machine and FAIL under CI=true (CI must run them).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """System chromium (playwright cannot download its own browser here)."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{CHROMIUM} is missing: CI must install Debian chromium (.ci/run does)")
        pytest.skip("system chromium not installed")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()
