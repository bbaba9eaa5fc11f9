"""Demo part: complaints (built by the complaints work)."""

from __future__ import annotations


def build(password: str) -> None:
    """Placeholder until the complaints part lands."""
