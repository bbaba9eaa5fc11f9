"""Demo part: audits (built by the audits work)."""

from __future__ import annotations


def build(password: str) -> None:
    """Placeholder until the audits part lands."""
