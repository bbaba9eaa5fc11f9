from __future__ import annotations

import base64
import secrets

import pytest
from django.test import override_settings
from hypothesis import given, settings
from hypothesis import strategies as st

from wsr.core import crypto
from wsr.core.crypto import DecryptionFailed, KeyConfigurationError

AAD = crypto.associated_data("complaints.identity", "cas_7k3m9q2xw4r8t1vz", "name")
KEY_A = base64.urlsafe_b64encode(b"A" * 32).decode()
KEY_B = base64.urlsafe_b64encode(b"B" * 32).decode()
KEY_C = base64.urlsafe_b64encode(b"C" * 32).decode()

CREOLE = "Sipèvizè a di m si m pale ak sendika a, l ap revoke m. Mwen pè."
BENGALI = "সুপারভাইজার বলেছে ইউনিয়নের সাথে কথা বললে আমাকে বরখাস্ত করবে।"


def _b64_body(token: str) -> bytes:
    body = token.rsplit(":", 1)[1]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def _change_a_middle_char(token: str) -> str:
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]


@settings(max_examples=200, deadline=None)
@given(text=st.text())
def test_encrypt_decrypt_round_trips_any_text(text):
    key = crypto.new_data_key()
    assert crypto.decrypt(key, crypto.encrypt(key, text, aad=AAD), aad=AAD) == text


@pytest.mark.parametrize("text", [CREOLE, BENGALI, "", "+880 1712-345678", "𝄞 emoji 👷🏽‍♀️"])
def test_creole_and_bengali_narratives_round_trip_and_do_not_appear_in_the_ciphertext(text):
    key = crypto.new_data_key()
    token = crypto.encrypt(key, text, aad=AAD)
    assert crypto.decrypt(key, token, aad=AAD) == text
    assert token.startswith("v1:")
    if text:
        assert text.encode() not in _b64_body(token)
        assert text not in token


def test_the_same_plaintext_encrypts_differently_every_time():
    key = crypto.new_data_key()
    tokens = {crypto.encrypt(key, CREOLE, aad=AAD) for _ in range(50)}
    assert len(tokens) == 50


def test_data_keys_are_32_random_bytes():
    keys = {crypto.new_data_key() for _ in range(100)}
    assert len(keys) == 100
    assert all(len(k) == 32 for k in keys)


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0), bit=st.integers(min_value=0, max_value=7))
def test_any_flipped_bit_in_the_ciphertext_is_detected(position, bit):
    key = crypto.new_data_key()
    token = crypto.encrypt(key, BENGALI, aad=AAD)
    raw = bytearray(_b64_body(token))
    raw[position % len(raw)] ^= 1 << bit
    tampered = "v1:" + base64.urlsafe_b64encode(bytes(raw)).decode().rstrip("=")
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(key, tampered, aad=AAD)


def test_truncated_or_malformed_tokens_are_refused_with_decryption_failed():
    key = crypto.new_data_key()
    token = crypto.encrypt(key, CREOLE, aad=AAD)
    for bad in [token[:-4], token[:10], "v1:", "v2:" + token[3:], token.replace("v1:", ""), "v1:!!!!", "", "v1:é"]:
        with pytest.raises(DecryptionFailed):
            crypto.decrypt(key, bad, aad=AAD)


def test_a_ciphertext_moved_to_another_row_or_field_is_refused():
    key = crypto.new_data_key()
    token = crypto.encrypt(key, CREOLE, aad=AAD)
    other_row = crypto.associated_data("complaints.identity", "cas_00000000000000000", "name")
    other_field = crypto.associated_data("complaints.identity", "cas_7k3m9q2xw4r8t1vz", "phone")
    for aad in (other_row, other_field):
        with pytest.raises(DecryptionFailed):
            crypto.decrypt(key, token, aad=aad)


def test_another_data_key_is_refused():
    token = crypto.encrypt(crypto.new_data_key(), CREOLE, aad=AAD)
    with pytest.raises(DecryptionFailed):
        crypto.decrypt(crypto.new_data_key(), token, aad=AAD)


def test_associated_data_is_required_and_unambiguous():
    key = crypto.new_data_key()
    with pytest.raises(ValueError):
        crypto.encrypt(key, "x", aad=b"")
    with pytest.raises(ValueError):
        crypto.associated_data("a\x00b")
    assert crypto.associated_data("ab", "c") != crypto.associated_data("a", "bc")


def test_keys_of_the_wrong_length_are_a_programming_error():
    with pytest.raises(ValueError):
        crypto.encrypt(b"short", "x", aad=AAD)


# --- wrapping with master keys -----------------------------------------------------------------


@override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={})
def test_wrap_unwrap_round_trip_names_the_master_key():
    data_key = crypto.new_data_key()
    wrapped = crypto.wrap_key(data_key)
    version, kid, _body = wrapped.split(":")
    assert (version, kid) == ("v1", crypto.master_key_id(b"A" * 32))
    assert data_key not in _b64_body(wrapped)
    assert crypto.unwrap_key(wrapped) == data_key
    assert not crypto.needs_rewrap(wrapped)


def test_the_configured_settings_master_key_works():
    data_key = crypto.new_data_key()
    assert crypto.unwrap_key(crypto.wrap_key(data_key)) == data_key


def test_a_wrong_master_key_is_refused():
    data_key = crypto.new_data_key()
    with override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={}):
        wrapped = crypto.wrap_key(data_key)
    with override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={}), pytest.raises(DecryptionFailed):
        crypto.unwrap_key(wrapped)  # unknown kid
    kid = crypto.wrapped_key_id(wrapped)
    fingerprint_of_another = override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={kid: KEY_C})
    with fingerprint_of_another, pytest.raises(KeyConfigurationError):  # such an id must be that key's
        crypto.unwrap_key(wrapped)
    with override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={"old": KEY_C}):
        relabelled = wrapped.replace(kid, "old")
        with pytest.raises(DecryptionFailed):  # right name, wrong key (and the kid is bound too)
            crypto.unwrap_key(relabelled)


def test_a_wrapped_key_cannot_be_relabelled_to_another_kid():
    data_key = crypto.new_data_key()
    with override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={"one": KEY_A, "two": KEY_A}):
        wrapped = crypto.wrap_key(data_key)
        kid = crypto.wrapped_key_id(wrapped)
        other = "one" if kid == "two" else "two"
        with pytest.raises(DecryptionFailed):
            crypto.unwrap_key(wrapped.replace(f":{kid}:", f":{other}:"))


def test_rotation_old_keys_still_unwrap_and_rewrap_moves_to_the_current_key():
    data_key = crypto.new_data_key()
    with override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={}):
        old = crypto.wrap_key(data_key)
    # The operator names the old key "2025" and makes B current, listed as "2026".
    with override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={"2025": KEY_A, "2026": KEY_B}):
        assert crypto.unwrap_key(old) == data_key  # found by its fingerprint
        assert crypto.needs_rewrap(old)
        new = crypto.rewrap_key(old)
        assert crypto.wrapped_key_id(new) == "2026"
        assert not crypto.needs_rewrap(new)
        assert crypto.unwrap_key(new) == data_key
    with override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={}), pytest.raises(DecryptionFailed):
        crypto.unwrap_key(new)  # "2026" is no longer configured


def test_bad_master_key_settings_are_reported_without_the_key():
    for bad in ["", "not base64 !!", base64.urlsafe_b64encode(b"short").decode()]:
        with override_settings(WSR_MASTER_KEY=bad, WSR_MASTER_KEYS={}):
            with pytest.raises(KeyConfigurationError) as excinfo:
                crypto.wrap_key(crypto.new_data_key())
            if bad:
                assert bad not in str(excinfo.value)
    bad_id = override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={"bad:id": KEY_B})
    with bad_id, pytest.raises(KeyConfigurationError):
        crypto.wrap_key(crypto.new_data_key())


def test_error_messages_and_reprs_carry_no_secrets():
    key = crypto.new_data_key()
    token = crypto.encrypt(key, CREOLE, aad=AAD)
    failures = []
    for attempt in (
        lambda: crypto.decrypt(crypto.new_data_key(), token, aad=AAD),
        lambda: crypto.decrypt(key, token, aad=b"other"),
        lambda: crypto.decrypt(key, _change_a_middle_char(token), aad=AAD),
        lambda: crypto.decrypt(key, token[:20], aad=AAD),
    ):
        with pytest.raises(DecryptionFailed) as excinfo:
            attempt()
        failures.append(excinfo.value)
    with override_settings(WSR_MASTER_KEY=KEY_A, WSR_MASTER_KEYS={}):
        wrapped = crypto.wrap_key(key)
        assert KEY_A not in repr(crypto.master_keys())
    with override_settings(WSR_MASTER_KEY=KEY_B, WSR_MASTER_KEYS={}), pytest.raises(DecryptionFailed) as excinfo:
        crypto.unwrap_key(wrapped)
    failures.append(excinfo.value)
    secrets_seen = [CREOLE, token, token[3:40], wrapped.rsplit(":", 1)[1][:20], KEY_A, KEY_B, key.hex()]
    for failure in failures:
        text = f"{failure} {failure!r} {failure.args}"
        assert failure.__cause__ is None
        assert failure.__suppress_context__
        for secret in secrets_seen:
            assert secret not in text


def test_master_key_ids_are_stable_and_distinct():
    raw = secrets.token_bytes(32)
    assert crypto.master_key_id(raw) == crypto.master_key_id(raw)
    assert crypto.master_key_id(raw) != crypto.master_key_id(secrets.token_bytes(32))


def test_text_with_a_lone_surrogate_is_refused_without_quoting_it():
    key = crypto.new_data_key()
    with pytest.raises(ValueError) as info:
        crypto.encrypt(key, "secret name \udfff", aad=b"t\x00row\x00field")
    assert "secret name" not in str(info.value) and "surrogate" in str(info.value)
