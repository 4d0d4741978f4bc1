"""Browser tests run on a shared 2-core machine (and in CI): give assertions room beyond Playwright's 5 s."""

from playwright.sync_api import expect

expect.set_options(timeout=15_000)
