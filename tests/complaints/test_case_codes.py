from __future__ import annotations

import math
import re

import pytest
from argon2 import PasswordHasher
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from wsr.complaints import case_codes
from wsr.complaints.case_codes import (
    DAMM_TABLE,
    DUMMY_HASH,
    MalformedCaseCode,
    MalformedSecret,
    SecretHasher,
    damm_is_valid,
    hash_secret,
    needs_rehash,
    new_case_code,
    new_secret,
    normalise_case_code,
    normalise_secret,
    verify_secret,
)
from wsr.core.crypto import KeyConfigurationError

CODE_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{4}-\d$")
SECRET_RE = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$")
BENGALI_DIGITS = "০১২৩৪৫৬৭৮৯"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
FULL_WIDTH_DIGITS = "０１２３４５６７８９"

payloads = st.text(alphabet="0123456789", min_size=16, max_size=16)


def _with_check(payload: str) -> str:
    return payload + case_codes.damm_check_digit(payload)


def _argon2_params(encoded: str) -> dict[str, int]:
    match = re.match(r"^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$", encoded)
    assert match, "not an Argon2id hash"
    m, t, p = (int(x) for x in match.groups())
    return {"m": m, "t": t, "p": p}


# --- case codes --------------------------------------------------------------------------------


def test_case_codes_are_grouped_digits_with_a_valid_check_digit_and_enough_entropy():
    codes = {new_case_code() for _ in range(5000)}
    assert len(codes) == 5000
    for code in codes:
        assert CODE_RE.match(code)
        assert damm_is_valid(code.replace("-", ""))
        assert normalise_case_code(code) == code
    # The format's entropy: every random digit is free, the check digit adds none.
    random_digits = sum(c.isdigit() for c in "1234-5678-9012-3456-7") - 1
    assert random_digits == case_codes.CASE_CODE_RANDOM_DIGITS
    assert random_digits * math.log2(10) >= 53
    assert case_codes.CASE_CODE_ENTROPY_BITS >= 53


def test_case_code_digits_are_used_uniformly():
    counts = [0] * 10
    for _ in range(2000):
        for ch in new_case_code().replace("-", "")[:16]:
            counts[int(ch)] += 1
    expected = 2000 * 16 / 10
    assert all(abs(c - expected) < expected * 0.1 for c in counts)


def test_damm_reference_value():
    assert case_codes.damm_check_digit("572") == "4"
    assert damm_is_valid("5724")


def test_damm_table_is_a_latin_square_and_weakly_totally_anti_symmetric():
    """The two properties that make every single substitution and adjacent swap detectable, for
    every code: rows and columns are permutations (a changed digit changes every later interim
    digit), and (c*x)*y == (c*y)*x only when x == y (a swapped pair changes the interim digit)."""
    digits = range(10)
    for row in DAMM_TABLE:
        assert sorted(row) == list(digits)
    for col in digits:
        assert sorted(DAMM_TABLE[row][col] for row in digits) == list(digits)
    for c in digits:
        for x in digits:
            for y in digits:
                if x != y:
                    assert DAMM_TABLE[DAMM_TABLE[c][x]][y] != DAMM_TABLE[DAMM_TABLE[c][y]][x]


@settings(max_examples=300, deadline=None)
@given(payload=payloads)
def test_every_single_digit_substitution_is_caught(payload):
    code = _with_check(payload)
    for i, original in enumerate(code):
        for replacement in "0123456789":
            if replacement != original:
                typo = code[:i] + replacement + code[i + 1 :]
                assert not damm_is_valid(typo)
                with pytest.raises(MalformedCaseCode) as excinfo:
                    normalise_case_code(typo)
                assert excinfo.value.reason == case_codes.BAD_CHECK_DIGIT


@settings(max_examples=300, deadline=None)
@given(payload=payloads)
def test_every_adjacent_transposition_is_caught(payload):
    code = _with_check(payload)
    for i in range(len(code) - 1):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            assert not damm_is_valid(swapped)


@given(payload=payloads)
def test_normalisation_accepts_separators_and_other_scripts_digits(payload):
    canonical = case_codes.format_case_code(_with_check(payload))
    digits = canonical.replace("-", "")
    bengali = "".join(BENGALI_DIGITS[int(d)] for d in digits)
    arabic = "".join(ARABIC_INDIC_DIGITS[int(d)] for d in digits)
    full_width = "".join(FULL_WIDTH_DIGITS[int(d)] for d in digits)
    spaced = " ".join(digits[i : i + 3] for i in range(0, len(digits), 3))
    for typed in (
        digits,
        canonical,
        spaced,
        canonical.replace("-", "."),
        f"  {canonical}\n",
        bengali,
        arabic,
        full_width,
    ):
        assert normalise_case_code(typed) == canonical


def test_a_bengali_code_read_from_a_slip_normalises():
    code = "1234-5678-9012-3456-" + case_codes.damm_check_digit("1234567890123456")
    bengali = "".join(BENGALI_DIGITS[int(c)] if c.isdigit() else c for c in code)
    assert bengali.startswith("১২৩৪-৫৬৭৮")
    assert normalise_case_code(bengali) == code
    assert normalise_case_code(bengali.replace("-", " ")) == code


@pytest.mark.parametrize(
    ("typed", "reason"),
    [
        ("", case_codes.WRONG_LENGTH),
        ("1234-5678", case_codes.WRONG_LENGTH),
        ("1234-5678-9012-3456-78", case_codes.WRONG_LENGTH),
        ("1234-5678-9O12-3456-7", case_codes.BAD_CHARACTER),
        ("ABCD-5678-9012-3456-7", case_codes.BAD_CHARACTER),
        ("1234_5678+9012-3456-7", case_codes.BAD_CHARACTER),
        ("1" * 65, case_codes.TOO_LONG),
        (None, case_codes.TOO_LONG),
    ],
)
def test_malformed_case_codes_are_refused_with_a_reason(typed, reason):
    with pytest.raises(MalformedCaseCode) as excinfo:
        normalise_case_code(typed)
    assert excinfo.value.reason == reason
    assert excinfo.value.code == "malformed_case_code"
    if typed:
        assert str(typed) not in str(excinfo.value)


def test_a_wrong_check_digit_is_refused():
    code = new_case_code()
    wrong = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(MalformedCaseCode) as excinfo:
        normalise_case_code(wrong)
    assert excinfo.value.reason == case_codes.BAD_CHECK_DIGIT


# --- secrets -----------------------------------------------------------------------------------


def test_secrets_are_grouped_crockford_with_at_least_50_bits():
    values = {new_secret() for _ in range(5000)}
    assert len(values) == 5000
    assert all(SECRET_RE.match(v) for v in values)
    chars = sum(c != "-" for c in "7K3M-9Q2X-W4R8")
    assert chars * math.log2(len(case_codes.CROCKFORD)) == case_codes.SECRET_ENTROPY_BITS >= 50
    assert set("".join(values).replace("-", "")) == set(case_codes.CROCKFORD)


def test_typed_secrets_forgive_case_separators_and_look_alikes():
    assert normalise_secret("7k3m 9q2x w4r8") == "7K3M-9Q2X-W4R8"
    assert normalise_secret("7K3M9Q2XW4R8") == "7K3M-9Q2X-W4R8"
    assert normalise_secret("oilL-0000-0000") == "0111-0000-0000"
    assert normalise_secret("７Ｋ３Ｍ－９Ｑ２Ｘ－Ｗ４Ｒ８") == "7K3M-9Q2X-W4R8"


@pytest.mark.parametrize(
    "typed", ["", "7K3M-9Q2X", "7K3M-9Q2X-W4R8-1", "UUUU-9Q2X-W4R8", "7K3M-9Q2X-W4R!", "x" * 100, None]
)
def test_malformed_secrets_are_refused(typed):
    with pytest.raises(MalformedSecret):
        normalise_secret(typed)


# --- hashing -----------------------------------------------------------------------------------


def test_hash_parameters_meet_the_owasp_minimum():
    stored = hash_secret(new_secret())
    params = _argon2_params(stored)
    assert params["m"] >= 19456
    assert params["t"] >= 2
    assert params["p"] == 1
    assert _argon2_params(DUMMY_HASH) == params  # the dummy costs what a real verification costs
    with pytest.raises(ValueError):
        SecretHasher(memory_cost=19455)
    with pytest.raises(ValueError):
        SecretHasher(time_cost=1)


def test_a_secret_verifies_in_any_typed_form_and_nothing_else_does():
    secret = new_secret()
    stored = hash_secret(secret)
    assert stored != hash_secret(secret)  # salted
    assert secret not in stored and secret.replace("-", "") not in stored
    assert verify_secret(stored, secret)
    assert verify_secret(stored, secret.lower().replace("-", " "))
    assert not verify_secret(stored, new_secret())
    assert not needs_rehash(stored)


def test_the_pepper_matters(settings):
    secret = new_secret()
    settings.WSR_PEPPER = "pepper-one"
    stored = hash_secret(secret)
    assert verify_secret(stored, secret)
    settings.WSR_PEPPER = "pepper-two"
    assert not verify_secret(stored, secret)
    with override_settings(WSR_PEPPER="pepper-one"):
        assert verify_secret(stored, secret)
    settings.WSR_PEPPER = ""
    with pytest.raises(KeyConfigurationError):
        hash_secret(secret)


def test_the_hash_is_of_the_peppered_secret_not_the_secret():
    secret = new_secret()
    unpeppered = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1).hash(normalise_secret(secret))
    assert not verify_secret(unpeppered, secret)


@settings(max_examples=25, deadline=None)
@given(garbage=st.one_of(st.none(), st.text(max_size=200), st.just("$argon2id$v=19$m=19456,t=2,p=1$AAAA$AAAA")))
def test_verify_returns_false_on_garbage_and_never_raises(garbage):
    secret = new_secret()
    assert verify_secret(garbage, secret) is False
    stored = hash_secret(secret) if garbage is None else DUMMY_HASH
    assert verify_secret(stored, garbage) is False  # type: ignore[arg-type]


def test_unknown_codes_garbage_and_malformed_secrets_cost_one_full_verification(monkeypatch):
    stored = hash_secret(new_secret())
    verified: list[str] = []
    real = PasswordHasher.verify

    def spy(self, stored, password):
        verified.append(stored)
        return real(self, stored, password)

    monkeypatch.setattr(PasswordHasher, "verify", spy)
    assert not verify_secret(None, new_secret())  # unknown case code
    assert not verify_secret("garbage", new_secret())  # unreadable stored value
    assert not verify_secret(stored, "not a secret")  # malformed secret, real hash
    assert not verify_secret(stored, new_secret())  # wrong secret
    assert verified == [DUMMY_HASH, "garbage", DUMMY_HASH, stored, stored]


def test_needs_rehash_flags_other_parameters_and_garbage():
    stronger = SecretHasher(memory_cost=19456 * 2)
    stored = hash_secret(new_secret())
    assert stronger.needs_rehash(stored)
    assert not stronger.needs_rehash(stronger.hash(new_secret()))
    assert needs_rehash("not a hash")
    assert stronger.dummy_hash != DUMMY_HASH
    assert _argon2_params(stronger.dummy_hash)["m"] == 19456 * 2
