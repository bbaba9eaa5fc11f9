"""Encrypting and decrypting a case's personal data with its own data key.

Every value is sealed with associated data naming the table, the case and the field (and the row
for per-row values), so a ciphertext moved to another row or field does not decrypt. Plaintext,
keys and ciphertext are never logged and never put in an exception message.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata

from django.conf import settings

from wsr.complaints.models import Complaint
from wsr.core import crypto
from wsr.core.crypto import KeyConfigurationError


def new_case_key() -> tuple[bytes, str]:
    """A fresh data key and its wrapped form (to store on the case)."""
    key = crypto.new_data_key()
    return key, crypto.wrap_key(key)


def case_key(complaint: Complaint) -> bytes:
    return crypto.unwrap_key(complaint.wrapped_key)


def _aad(complaint: Complaint, table: str, field: str, row: str = "") -> bytes:
    parts = [f"complaints.{table}", complaint.public_id, field]
    if row:
        parts.append(row)
    return crypto.associated_data(*parts)


def seal(key: bytes, complaint: Complaint, table: str, field: str, text: str, row: str = "") -> str:
    """Ciphertext of ``text``; empty text stays empty (nothing to hide, nothing to decrypt)."""
    if not text:
        return ""
    return crypto.encrypt(key, text, aad=_aad(complaint, table, field, row))


def open_(key: bytes, complaint: Complaint, table: str, field: str, token: str, row: str = "") -> str:
    if not token:
        return ""
    return crypto.decrypt(key, token, aad=_aad(complaint, table, field, row))


def seal_bytes(key: bytes, complaint: Complaint, row: str, data: bytes) -> bytes:
    """Evidence files: nonce || ciphertext || tag, bound to the case and the evidence row."""
    import secrets

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = secrets.token_bytes(crypto.NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, data, _aad(complaint, "evidence", "file", row))


def open_bytes(key: bytes, complaint: Complaint, row: str, blob: bytes) -> bytes:
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    if len(blob) < crypto.NONCE_BYTES + crypto.TAG_BYTES:
        raise crypto.DecryptionFailed("The encrypted file is malformed.")
    try:
        return AESGCM(key).decrypt(
            blob[: crypto.NONCE_BYTES], blob[crypto.NONCE_BYTES :], _aad(complaint, "evidence", "file", row)
        )
    except InvalidTag:
        raise crypto.DecryptionFailed("The encrypted file could not be decrypted.") from None


# --- phone numbers ------------------------------------------------------------------------------


def normalise_phone(text: str) -> str:
    """Digits (any script) with a leading + kept: ``+1 (555) 000-1111`` -> ``+15550001111``."""
    out = []
    for ch in unicodedata.normalize("NFKC", text or "").strip():
        value = unicodedata.decimal(ch, None)
        if value is not None:
            out.append(str(value))
        elif ch == "+" and not out:
            out.append("+")
    return "".join(out)


def phone_hmac(phone: str) -> str:
    """A keyed digest of a phone number for matching SMS senders; the key is derived from the pepper,
    which is not in the database, so the digest cannot be reversed by trying every number."""
    pepper = getattr(settings, "WSR_PEPPER", "")
    if not isinstance(pepper, str) or not pepper:
        raise KeyConfigurationError("WSR_PEPPER is not set.")
    key = hmac.new(pepper.encode("utf-8"), b"wsr-complaints-phone-v1", hashlib.sha256).digest()
    normalised = normalise_phone(phone)
    if not normalised:
        return ""
    return hmac.new(key, normalised.encode("utf-8"), hashlib.sha256).hexdigest()
