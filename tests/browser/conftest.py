"""Browser tests: the fixtures live in tests/browser/fixtures.py (one definition for the suite)."""

from tests.browser.fixtures import screenshot

__all__ = ["screenshot"]
