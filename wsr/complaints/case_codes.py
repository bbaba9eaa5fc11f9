"""Case codes and secrets a complainant can read over the phone, and how secrets are stored.

Case code: 16 random digits (log2(10**16) = 53.15 bits) and one Damm check digit, written in
groups ``1234-5678-9012-3456-7``. Damm catches every single-digit substitution and every swap of
two adjacent digits (Luhn misses 09 <-> 90), needs no letters, and has no special cases.
Typed codes are accepted with spaces, dashes or dots anywhere and in any script's decimal digits
(Bengali ০-৯, Arabic-Indic ٠-٩, Devanagari, full-width ...).

Secret: 12 Crockford base32 characters (60 bits) in groups ``7K3M-9Q2X-W4R8``: digits and
upper-case letters without I, L, O, U, so nothing looks alike; typing is forgiving (lower case,
O for 0, I or L for 1, any separators).

Only an Argon2id hash of the secret is stored, of HMAC-SHA256(pepper, secret): the pepper
(``settings.WSR_PEPPER``) lives outside the database, so a stolen database alone cannot be used to
test guesses. Parameters default to the OWASP minimum (19 MiB, 2 passes, 1 lane).
"""

from __future__ import annotations

import hashlib
import hmac
import math
import secrets
import unicodedata

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

from wsr.core.crypto import KeyConfigurationError
from wsr.core.errors import DomainError

# --- case codes --------------------------------------------------------------------------------

CASE_CODE_RANDOM_DIGITS = 16
CASE_CODE_GROUP = 4
CASE_CODE_ENTROPY_BITS = CASE_CODE_RANDOM_DIGITS * math.log2(10)
_MAX_INPUT_CHARS = 64

# Damm's order-10 quasigroup (weakly totally anti-symmetric): a code is valid when the interim
# digit after processing every digit, check digit included, is 0.
DAMM_TABLE: tuple[tuple[int, ...], ...] = (
    (0, 3, 1, 7, 5, 9, 8, 6, 4, 2),
    (7, 0, 9, 2, 1, 5, 4, 8, 6, 3),
    (4, 2, 0, 6, 8, 7, 1, 3, 5, 9),
    (1, 7, 5, 0, 9, 8, 3, 4, 2, 6),
    (6, 1, 2, 3, 0, 4, 5, 9, 7, 8),
    (3, 6, 7, 4, 2, 0, 9, 5, 8, 1),
    (5, 8, 6, 9, 7, 2, 0, 1, 3, 4),
    (8, 9, 4, 5, 3, 6, 2, 0, 1, 7),
    (9, 4, 3, 8, 6, 1, 7, 2, 0, 5),
    (2, 5, 8, 1, 4, 3, 6, 7, 9, 0),
)

# Separators people type or phones insert: whitespace is handled by str.isspace().
_SEPARATORS = frozenset("-.\u2010\u2011\u2012\u2013\u2014\u2212\u00b7\u30fb\u3002_/")

TOO_LONG = "too_long"
BAD_CHARACTER = "bad_character"
WRONG_LENGTH = "wrong_length"
BAD_CHECK_DIGIT = "bad_check_digit"

_CASE_CODE_MESSAGES = {
    TOO_LONG: "This is too long to be a case code.",
    BAD_CHARACTER: "A case code has only digits.",
    WRONG_LENGTH: "A case code has 17 digits.",
    BAD_CHECK_DIGIT: "This case code has a typing mistake: please check each digit.",
}


class MalformedCaseCode(DomainError):
    """The text cannot be a case code; ``reason`` says why (never echoes the input)."""

    def __init__(self, reason: str) -> None:
        super().__init__(_CASE_CODE_MESSAGES[reason], code="malformed_case_code")
        self.reason = reason


def damm_interim(digits: str) -> int:
    interim = 0
    for ch in digits:
        interim = DAMM_TABLE[interim][ord(ch) - 48]
    return interim


def damm_check_digit(digits: str) -> str:
    return str(damm_interim(digits))


def damm_is_valid(digits: str) -> bool:
    return damm_interim(digits) == 0


def format_case_code(digits: str) -> str:
    """``12345678901234567`` -> ``1234-5678-9012-3456-7`` (17 ASCII digits in)."""
    groups = [digits[i : i + CASE_CODE_GROUP] for i in range(0, len(digits), CASE_CODE_GROUP)]
    return "-".join(groups)


def new_case_code() -> str:
    body = f"{secrets.randbelow(10**CASE_CODE_RANDOM_DIGITS):0{CASE_CODE_RANDOM_DIGITS}d}"
    return format_case_code(body + damm_check_digit(body))


def _ascii_digits(text: str, error: type[DomainError], bad_character: str) -> str:
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace() or ch in _SEPARATORS:
            continue
        value = unicodedata.decimal(ch, None)
        if value is None:
            raise error(bad_character)
        out.append(str(value))
    return "".join(out)


def normalise_case_code(text: str) -> str:
    """The canonical ``1234-5678-9012-3456-7`` form of a typed code, or ``MalformedCaseCode``."""
    if not isinstance(text, str) or len(text) > _MAX_INPUT_CHARS:
        raise MalformedCaseCode(TOO_LONG)
    digits = _ascii_digits(text, MalformedCaseCode, BAD_CHARACTER)
    if len(digits) != CASE_CODE_RANDOM_DIGITS + 1:
        raise MalformedCaseCode(WRONG_LENGTH)
    if not damm_is_valid(digits):
        raise MalformedCaseCode(BAD_CHECK_DIGIT)
    return format_case_code(digits)


# --- secrets -----------------------------------------------------------------------------------

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
SECRET_CHARS = 12
SECRET_GROUP = 4
SECRET_ENTROPY_BITS = SECRET_CHARS * 5
_SECRET_ALIASES = {"O": "0", "I": "1", "L": "1"}

_SECRET_MESSAGES = {
    TOO_LONG: "This is too long to be a secret.",
    BAD_CHARACTER: "A secret has only the digits 0-9 and the letters A-Z except I, L, O and U.",
    WRONG_LENGTH: "A secret has 12 characters.",
}


class MalformedSecret(DomainError):
    def __init__(self, reason: str) -> None:
        super().__init__(_SECRET_MESSAGES[reason], code="malformed_secret")
        self.reason = reason


def new_secret() -> str:
    chars = "".join(secrets.choice(CROCKFORD) for _ in range(SECRET_CHARS))
    return "-".join(chars[i : i + SECRET_GROUP] for i in range(0, SECRET_CHARS, SECRET_GROUP))


def normalise_secret(text: str) -> str:
    """The canonical ``7K3M-9Q2X-W4R8`` form of a typed secret, or ``MalformedSecret``."""
    if not isinstance(text, str) or len(text) > _MAX_INPUT_CHARS:
        raise MalformedSecret(TOO_LONG)
    chars = []
    for ch in unicodedata.normalize("NFKC", text).upper():
        if ch.isspace() or ch in _SEPARATORS:
            continue
        ch = _SECRET_ALIASES.get(ch, ch)
        if ch not in CROCKFORD:
            raise MalformedSecret(BAD_CHARACTER)
        chars.append(ch)
    if len(chars) != SECRET_CHARS:
        raise MalformedSecret(WRONG_LENGTH)
    joined = "".join(chars)
    return "-".join(joined[i : i + SECRET_GROUP] for i in range(0, SECRET_CHARS, SECRET_GROUP))


# --- hashing -----------------------------------------------------------------------------------

# OWASP Password Storage Cheat Sheet, Argon2id minimum: m = 19 MiB, t = 2, p = 1.
OWASP_MIN_MEMORY_KIB = 19456
OWASP_MIN_TIME_COST = 2

# A hash of a random, forgotten value made with the default parameters: verifying against it costs
# what verifying a real secret costs, so an unknown case code answers no faster than a wrong secret.
DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$DTNDmxEm3gMw0ntGmiEC0Q$rgQ03UR1DkF8w7H3uRxbRcsPVrcx53oyMfwADLO3WJE"


class SecretHasher:
    """Argon2id over HMAC-SHA256(pepper, canonical secret).

    ``pepper=None`` reads ``settings.WSR_PEPPER`` at every call. ``verify`` never raises: a wrong
    secret, a malformed secret, a garbage or missing stored hash all give ``False`` after one full
    Argon2id verification.
    """

    def __init__(
        self,
        *,
        time_cost: int = OWASP_MIN_TIME_COST,
        memory_cost: int = OWASP_MIN_MEMORY_KIB,
        parallelism: int = 1,
        pepper: str | None = None,
    ) -> None:
        if memory_cost < OWASP_MIN_MEMORY_KIB or time_cost < OWASP_MIN_TIME_COST or parallelism < 1:
            raise ValueError("Argon2id parameters below the OWASP minimum (19456 KiB, 2 passes, 1 lane).")
        self._hasher = PasswordHasher(
            time_cost=time_cost,
            memory_cost=memory_cost,
            parallelism=parallelism,
            hash_len=32,
            salt_len=16,
            type=Type.ID,
        )
        self._pepper = pepper
        defaults = (time_cost, memory_cost, parallelism) == (OWASP_MIN_TIME_COST, OWASP_MIN_MEMORY_KIB, 1)
        self._dummy = DUMMY_HASH if defaults else self._hasher.hash(secrets.token_bytes(32))

    @property
    def dummy_hash(self) -> str:
        return self._dummy

    def _peppered(self, canonical: str) -> bytes:
        pepper = self._pepper
        if pepper is None:
            from django.conf import settings

            pepper = getattr(settings, "WSR_PEPPER", "")
        if not isinstance(pepper, str) or not pepper:
            raise KeyConfigurationError("WSR_PEPPER is not set.")
        return hmac.new(pepper.encode("utf-8"), canonical.encode("utf-8"), hashlib.sha256).digest()

    def hash(self, secret: str) -> str:
        return self._hasher.hash(self._peppered(normalise_secret(secret)))

    def verify(self, stored_hash: str | None, secret: str) -> bool:
        try:
            canonical = normalise_secret(secret)
            well_formed = True
        except MalformedSecret:
            canonical, well_formed = "", False
        candidate = self._peppered(canonical)
        if isinstance(stored_hash, str) and stored_hash:
            try:
                return self._hasher.verify(stored_hash, candidate) and well_formed
            except VerificationError:
                return False
            except (InvalidHashError, ValueError, TypeError):
                pass  # not an Argon2 hash: spend the same time below
        try:
            self._hasher.verify(self._dummy, candidate)
        except (VerificationError, InvalidHashError):
            return False
        return False

    def needs_rehash(self, stored_hash: str) -> bool:
        """True when the hash was made with other parameters (or is not an Argon2 hash)."""
        try:
            return self._hasher.check_needs_rehash(stored_hash)
        except (InvalidHashError, ValueError, TypeError):
            return True


_default = SecretHasher()


def hash_secret(secret: str) -> str:
    return _default.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    """Constant-cost check; ``stored_hash=None`` (unknown case code) verifies against the dummy."""
    return _default.verify(stored_hash, secret)


def needs_rehash(stored_hash: str) -> bool:
    return _default.needs_rehash(stored_hash)
