"""Opaque, stable, non-sequential public identifiers.

A public id is a short prefix naming the kind of object and 16 Crockford base32 characters
(80 random bits), e.g. ``fac_7k3m9q2xw4r8t1vz``. Row ids never leave the database.
"""

from __future__ import annotations

import secrets

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, no i l o u


def new_public_id(prefix: str) -> str:
    value = secrets.randbits(80)
    chars = []
    for _ in range(16):
        chars.append(_ALPHABET[value & 31])
        value >>= 5
    return f"{prefix}_{''.join(chars)}"


class PublicIdFactory:
    """A picklable default callable for model fields (migrations need to serialise it)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    def __call__(self) -> str:
        return new_public_id(self.prefix)

    def deconstruct(self) -> tuple[str, tuple[str], dict[str, str]]:
        return ("wsr.core.ids.PublicIdFactory", (self.prefix,), {})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicIdFactory) and other.prefix == self.prefix

    def __hash__(self) -> int:
        return hash(self.prefix)
