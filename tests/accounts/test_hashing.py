"""Passwords are hashed with Argon2 in the real settings (tests use MD5 for speed)."""

from __future__ import annotations

import importlib

from django.contrib.auth.hashers import check_password, make_password


def test_argon2_is_the_first_hasher_in_the_settings_module():
    config_settings = importlib.import_module("config.settings")

    assert config_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_a_password_hashed_under_the_real_setting_is_argon2(settings):
    config_settings = importlib.import_module("config.settings")
    settings.PASSWORD_HASHERS = config_settings.PASSWORD_HASHERS

    hashed = make_password("a long enough passphrase")

    assert hashed.startswith("argon2")
    assert check_password("a long enough passphrase", hashed)
