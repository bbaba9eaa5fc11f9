"""Envelope encryption for personal data at rest (AES-256-GCM).

Each protected record (a complaint case) gets its own random 32-byte *data key*. Field values are
encrypted with that data key; the data key itself is stored only *wrapped* (encrypted) by a master
key that lives in the settings, never in the database. Losing the database alone reveals nothing.

Formats (all ASCII, safe for a text column):

- wrapped data key: ``v1:<kid>:<b64>`` where ``kid`` names the master key and ``b64`` is the
  unpadded urlsafe base64 of ``nonce (12 bytes) || ciphertext || tag (16 bytes)``. The associated
  data is ``b"wsr-key-wrap:v1:" + kid``, so a wrapped key cannot be relabelled to another kid.
- encrypted field: ``v1:<b64>`` of ``nonce || ciphertext || tag`` under the data key, with the
  caller's associated data (build it with :func:`associated_data` from the table, row and field),
  so a ciphertext copied to another row or field fails to decrypt.

Master keys: ``settings.WSR_MASTER_KEY`` (urlsafe base64 of 32 bytes) is the current key, used for
every new wrap. ``settings.WSR_MASTER_KEYS`` (optional ``{kid: key}``) holds older keys that can
still unwrap. A key's kid is its name in ``WSR_MASTER_KEYS`` if it is listed there, otherwise its
fingerprint (:func:`master_key_id`); fingerprints always resolve too, so an old key can be moved
into ``WSR_MASTER_KEYS`` under any name. Rotation: configure the new key as ``WSR_MASTER_KEY``, keep
the old one in ``WSR_MASTER_KEYS``, and re-wrap rows with :func:`rewrap_key` (data unchanged).

Errors never carry plaintext, keys or ciphertext in their messages.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass, field

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

VERSION = "v1"
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
_WRAP_AAD_PREFIX = b"wsr-key-wrap:v1:"
_KID_RE = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_FINGERPRINT_RE = re.compile(r"^k[0-9a-f]{12}$")
_MAX_TOKEN_CHARS = 16 * 1024 * 1024  # refuse absurd inputs before decoding them


class CryptoError(Exception):
    """Base class. Messages are fixed strings: no plaintext, key material or ciphertext."""


class DecryptionFailed(CryptoError):
    """Wrong key, wrong associated data, unknown master key id, malformed or tampered token."""


class KeyConfigurationError(CryptoError):
    """The master key settings are missing or malformed."""


# --- master keys -------------------------------------------------------------------------------


def master_key_id(key: bytes) -> str:
    """A stable, one-way name for a master key: ``k`` + 12 hex digits of an HMAC of a constant."""
    digest = hmac.new(key, b"wsr-master-key-id", hashlib.sha256).hexdigest()
    return "k" + digest[:12]


def _decode_master_key(value: object, name: str) -> bytes:
    if isinstance(value, bytes):
        raw = value
    elif isinstance(value, str) and value:
        try:
            raw = _strict_b64decode(value)
        except (binascii.Error, UnicodeEncodeError, ValueError):
            raise KeyConfigurationError(f"{name} is not urlsafe base64.") from None
    else:
        raise KeyConfigurationError(f"{name} is not set.")
    if len(raw) != KEY_BYTES:
        raise KeyConfigurationError(f"{name} must decode to {KEY_BYTES} bytes.")
    return raw


@dataclass(frozen=True)
class MasterKeys:
    current_kid: str
    keys: dict[str, bytes] = field(repr=False)

    def get(self, kid: str) -> bytes:
        try:
            return self.keys[kid]
        except KeyError:
            raise DecryptionFailed(f"No master key with id '{kid}' is configured.") from None


def master_keys() -> MasterKeys:
    """The configured master keys, read from the settings on every call (tests override them);
    decoding and fingerprinting them is remembered per distinct setting value (it is on the path
    of every complaint intake and status look-up)."""
    from django.conf import settings

    current_value = getattr(settings, "WSR_MASTER_KEY", None)
    extra = getattr(settings, "WSR_MASTER_KEYS", None) or {}
    if not isinstance(extra, dict):
        raise KeyConfigurationError("WSR_MASTER_KEYS must be a mapping of key id to key.")
    try:
        return _master_keys_for(current_value, tuple(extra.items()))
    except TypeError:  # an unhashable value in the settings: decode it (and refuse it) below
        return _master_keys_uncached(current_value, dict(extra))


@functools.lru_cache(maxsize=8)
def _master_keys_for(current_value: object, extra: tuple[tuple[object, object], ...]) -> MasterKeys:
    return _master_keys_uncached(current_value, dict(extra))


def _master_keys_uncached(current_value: object, extra: dict[object, object]) -> MasterKeys:
    current = _decode_master_key(current_value, "WSR_MASTER_KEY")
    keys: dict[str, bytes] = {}
    current_kid = ""
    for kid, value in extra.items():
        if not isinstance(kid, str) or not _KID_RE.match(kid):
            raise KeyConfigurationError("WSR_MASTER_KEYS ids must be 1-32 characters of A-Z a-z 0-9 _ -.")
        key = _decode_master_key(value, f"WSR_MASTER_KEYS[{kid!r}]")
        if _FINGERPRINT_RE.match(kid) and kid != master_key_id(key):
            raise KeyConfigurationError(f"WSR_MASTER_KEYS id '{kid}' looks like another key's fingerprint.")
        keys[kid] = key
        if hmac.compare_digest(key, current):
            current_kid = kid
    # Every key also resolves by its fingerprint (the kid used when it was not named).
    for key in [current, *keys.values()]:
        keys[master_key_id(key)] = key
    return MasterKeys(current_kid=current_kid or master_key_id(current), keys=keys)


# --- encoding helpers --------------------------------------------------------------------------


def _b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _strict_b64decode(text: str) -> bytes:
    """Urlsafe base64, padding optional, any other character refused."""
    raw = text.strip().rstrip("=").encode("ascii")
    return base64.b64decode(raw + b"=" * (-len(raw) % 4), altchars=b"-_", validate=True)


def _b64decode(text: str) -> bytes:
    try:
        return _strict_b64decode(text)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise DecryptionFailed("The encrypted value is malformed.") from None


def _seal(key: bytes, plaintext: bytes, aad: bytes) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, aad)


def _open(key: bytes, blob: bytes, aad: bytes) -> bytes:
    if len(blob) < NONCE_BYTES + TAG_BYTES:
        raise DecryptionFailed("The encrypted value is malformed.")
    try:
        return AESGCM(key).decrypt(blob[:NONCE_BYTES], blob[NONCE_BYTES:], aad)
    except InvalidTag:
        raise DecryptionFailed(
            "The encrypted value could not be decrypted: wrong key, wrong associated data, or altered."
        ) from None


def _check_data_key(data_key: bytes) -> None:
    if not isinstance(data_key, bytes) or len(data_key) != KEY_BYTES:
        raise ValueError(f"A data key is {KEY_BYTES} bytes.")


def _check_aad(aad: bytes) -> None:
    if not isinstance(aad, bytes) or not aad:
        raise ValueError("Associated data must be non-empty bytes naming the row and field.")


# --- data keys ---------------------------------------------------------------------------------


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def wrap_key(data_key: bytes) -> str:
    """Encrypt a data key under the current master key: ``v1:<kid>:<b64>``."""
    _check_data_key(data_key)
    keys = master_keys()
    kid = keys.current_kid
    blob = _seal(keys.get(kid), data_key, _WRAP_AAD_PREFIX + kid.encode("ascii"))
    return f"{VERSION}:{kid}:{_b64encode(blob)}"


def _split_wrapped(wrapped: str) -> tuple[str, str]:
    if not isinstance(wrapped, str) or len(wrapped) > _MAX_TOKEN_CHARS:
        raise DecryptionFailed("The wrapped key is malformed.")
    parts = wrapped.split(":")
    if len(parts) != 3 or parts[0] != VERSION or not _KID_RE.match(parts[1]):
        raise DecryptionFailed("The wrapped key is malformed or of an unknown version.")
    return parts[1], parts[2]


def wrapped_key_id(wrapped: str) -> str:
    """The master key id a wrapped key was made with (for rotation reports)."""
    return _split_wrapped(wrapped)[0]


def unwrap_key(wrapped: str) -> bytes:
    kid, body = _split_wrapped(wrapped)
    key = master_keys().get(kid)
    data_key = _open(key, _b64decode(body), _WRAP_AAD_PREFIX + kid.encode("ascii"))
    if len(data_key) != KEY_BYTES:
        raise DecryptionFailed("The wrapped key is malformed.")
    return data_key


def needs_rewrap(wrapped: str) -> bool:
    """True when the key was wrapped by a master key other than the current one."""
    return wrapped_key_id(wrapped) != master_keys().current_kid


def rewrap_key(wrapped: str) -> str:
    """Unwrap with whichever configured master key made it, wrap again with the current one."""
    return wrap_key(unwrap_key(wrapped))


# --- field values ------------------------------------------------------------------------------


def associated_data(*parts: str) -> bytes:
    """Canonical associated data for one stored value, e.g. ``associated_data("complaints.identity",
    case_public_id, "phone")``. Parts are joined by NUL, which they may not contain."""
    if not parts or any(not part or "\x00" in part for part in parts):
        raise ValueError("Associated data parts must be non-empty and contain no NUL.")
    return "\x00".join(parts).encode("utf-8")


def encrypt(data_key: bytes, plaintext: str, *, aad: bytes) -> str:
    _check_data_key(data_key)
    _check_aad(aad)
    try:
        raw = plaintext.encode("utf-8")
    except UnicodeEncodeError:
        # The codec's own message quotes the character: say what is wrong without any of the text.
        raise ValueError("The text is not valid Unicode (a lone surrogate) and cannot be encrypted.") from None
    return f"{VERSION}:{_b64encode(_seal(data_key, raw, aad))}"


def decrypt(data_key: bytes, token: str, *, aad: bytes) -> str:
    _check_data_key(data_key)
    _check_aad(aad)
    if not isinstance(token, str) or len(token) > _MAX_TOKEN_CHARS:
        raise DecryptionFailed("The encrypted value is malformed.")
    version, sep, body = token.partition(":")
    if not sep or version != VERSION:
        raise DecryptionFailed("The encrypted value is malformed or of an unknown version.")
    plaintext = _open(data_key, _b64decode(body), aad)
    try:
        return plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise DecryptionFailed("The encrypted value is malformed.") from None
