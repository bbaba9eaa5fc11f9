"""Demo: a season of purchases, premium payments and distributions (issue 11; built by its work)."""

from __future__ import annotations


def build(password: str) -> None:
    """The ledger's part of the demo story (purchases, payments, distributions)."""
