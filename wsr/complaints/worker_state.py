"""The worker's report answers between pages: a hidden form field, encrypted and authenticated.

Nothing is stored on the server until "Send", so the answers (the story, maybe a name and a phone
number) travel in the page. Signing alone would leave them readable to anyone who sees the page
source, a proxy log or a shared computer's form cache, so the field is sealed with AES-256-GCM:
``v1.`` + urlsafe base64 of ``nonce || ciphertext || tag`` over the zlib-compressed JSON, with
associated data naming the program (a state made for one program does not open in another). The
key is derived from ``SECRET_KEY`` (HMAC-SHA256 with a fixed label); ``SECRET_KEY_FALLBACKS`` still
open states made before a key rotation. The JSON carries its issue time; after ``max_age`` seconds,
or when anything was changed, ``state_open`` returns None and the page asks to start again.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import zlib
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings

from wsr.core import clock

_LABEL = b"wsr.complaints.worker-report-state:v1"
_PREFIX = "v1."
_NONCE = 12
_MAX_CHARS = 512 * 1024  # far above any real state (5,000 characters of story): refuse before decoding
_MAX_JSON_BYTES = 256 * 1024


def _keys() -> list[bytes]:
    secrets_in_use = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return [hmac.new(str(s).encode("utf-8"), _LABEL, hashlib.sha256).digest() for s in secrets_in_use if s]


def _aad(program_slug: str) -> bytes:
    return b"wsr.complaints.worker-report\x00" + program_slug.encode("utf-8")


def state_seal(program_slug: str, state: dict[str, Any]) -> str:
    payload = json.dumps({**state, "iat": int(clock.now().timestamp())}, ensure_ascii=False, separators=(",", ":"))
    nonce = secrets.token_bytes(_NONCE)
    blob = nonce + AESGCM(_keys()[0]).encrypt(nonce, zlib.compress(payload.encode("utf-8")), _aad(program_slug))
    return _PREFIX + base64.urlsafe_b64encode(blob).decode("ascii").rstrip("=")


def state_open(program_slug: str, raw: str, *, max_age: int) -> dict[str, Any] | None:
    """The answers, or None when the field is not one of ours, was changed, or is too old."""
    if not isinstance(raw, str) or not raw.startswith(_PREFIX) or len(raw) > _MAX_CHARS:
        return None
    body = raw[len(_PREFIX) :]
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
    if len(blob) <= _NONCE + 16:
        return None
    for key in _keys():
        try:
            packed = AESGCM(key).decrypt(blob[:_NONCE], blob[_NONCE:], _aad(program_slug))
        except InvalidTag:
            continue
        break
    else:
        return None
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(packed, _MAX_JSON_BYTES)
        if inflater.unconsumed_tail:
            return None
        state = json.loads(text.decode("utf-8"))
    except (zlib.error, UnicodeDecodeError, ValueError):
        return None
    if not isinstance(state, dict):
        return None
    issued = state.pop("iat", None)
    age = clock.now().timestamp() - issued if isinstance(issued, int) else None
    if age is None or age > max_age or age < -300:
        return None
    return state
