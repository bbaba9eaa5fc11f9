"""Demo: what the public site needs beyond the other parts' story (issue 12; built by its work)."""

from __future__ import annotations


def build(password: str) -> None:
    """The public site's part of the demo story (map locations, local names, labels)."""
