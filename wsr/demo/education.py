"""Demo part: education (built by the education work)."""

from __future__ import annotations


def build(password: str) -> None:
    """Placeholder until the education part lands."""
