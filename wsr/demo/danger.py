"""Demo: an imminent-danger alert and its acknowledgement (issue 10; built by its work)."""

from __future__ import annotations


def build(password: str) -> None:
    """The imminent-danger part of the demo story."""
