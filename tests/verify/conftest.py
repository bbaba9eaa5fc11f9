"""The browser fixtures (Debian's Chromium through Playwright) for the log page's browser test."""

from tests.browser.conftest import chromium, page  # noqa: F401
