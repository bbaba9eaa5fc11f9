"""Writes for accounts: password login, two-factor enrolment and verification, API tokens.

Services never see the request: views pass the client address and call Django's session
``login`` themselves once a service has accepted the credentials. Passwords, one-time codes and
tokens are never logged or written to an event.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import authenticate
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user, user_has_device
from django_otp.models import Device
from django_otp.plugins.otp_totp.models import TOTPDevice

from wsr.accounts.errors import AccountErrorCode
from wsr.accounts.models import ApiToken, User
from wsr.accounts.selectors import actor_for_user, user_requires_two_factor
from wsr.accounts.tokens import api_token_issue, api_token_revoke
from wsr.core import clock
from wsr.core.errors import DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.throttle import throttle_refund, throttle_reset, throttle_take

logger = logging.getLogger(__name__)

BAD_CREDENTIALS = _("The username or password is not correct.")
TWO_FACTOR_REQUIRED = _("two-factor code required")
TWO_FACTOR_INVALID = _("two-factor code invalid")
CODE_INVALID = _("That code is not valid. Check the time on your phone and try the newest code.")


class CredentialsRefused(DomainError):
    """Wrong username/password or a missing/invalid second factor (same message either way)."""

    def __init__(self, message: object = BAD_CREDENTIALS, *, code: str = AccountErrorCode.BAD_CREDENTIALS) -> None:
        super().__init__(message, code=code)


# --- throttling -------------------------------------------------------------------------------


def _hashed(value: str) -> str:
    # Bucket keys never hold a username or address in clear.
    return hashlib.sha256(value.encode("utf-8")).hexdigest()[:40]


def normalise_username(username: str) -> str:
    return username.strip().casefold()


def _login_bucket_keys(*, username: str, client_ip: str) -> tuple[str, str]:
    return (
        f"login:ip:{_hashed(client_ip or 'unknown')}",
        f"login:user:{_hashed(normalise_username(username))}",
    )


def _login_buckets(*, username: str, client_ip: str) -> list[tuple[str, int]]:
    """(key, burst): the address's bucket is larger, since a shared office or a training room
    signs many people in from one address; the account's is small."""
    address_key, account_key = _login_bucket_keys(username=username, client_ip=client_ip)
    return [(address_key, settings.WSR_LOGIN_ADDRESS_BURST), (account_key, settings.WSR_LOGIN_BURST)]


def login_throttle_take(*, username: str, client_ip: str) -> None:
    """Spend one attempt from the client's and the username's bucket, or raise ``Throttled``.
    ``login_throttle_success`` gives the attempt back when the password was right, so only
    failures count."""
    for key, burst in _login_buckets(username=username, client_ip=client_ip):
        throttle_take(key, capacity=burst, refill_seconds=settings.WSR_LOGIN_REFILL_SECONDS)


def login_throttle_success(*, username: str, client_ip: str) -> None:
    """A right password: the address gets its attempt back (one, never a full refill, so a valid
    account cannot be used to keep guessing others'), the account's failures are forgotten."""
    (address_key, address_burst), (account_key, _) = _login_buckets(username=username, client_ip=client_ip)
    throttle_refund(address_key, capacity=address_burst, refill_seconds=settings.WSR_LOGIN_REFILL_SECONDS)
    throttle_reset(account_key)


def password_reset_throttle_take(*, email: str, client_ip: str) -> None:
    """Limit reset e-mails per client and per address so the form cannot flood an inbox."""
    for key in (f"reset:ip:{_hashed(client_ip or 'unknown')}", f"reset:email:{_hashed(normalise_username(email))}"):
        throttle_take(key, capacity=3, refill_seconds=300)


def _code_throttle_take(*, user: User) -> None:
    throttle_take(
        f"otp:user:{user.pk}", capacity=settings.WSR_LOGIN_BURST, refill_seconds=settings.WSR_LOGIN_REFILL_SECONDS
    )


def _credentials_check(*, username: str, password: str, client_ip: str) -> User:
    login_throttle_take(username=username, client_ip=client_ip)
    # ModelBackend runs the hasher for unknown usernames too, so timing does not tell them apart.
    user = authenticate(None, username=username.strip(), password=password)
    if user is None:
        logger.info("login refused")
        raise CredentialsRefused()
    assert isinstance(user, User)
    # Only failed attempts count: a right password gives its attempt back.
    login_throttle_success(username=username, client_ip=client_ip)
    return user


# --- two-factor -------------------------------------------------------------------------------


def second_factor_needed(user: User) -> bool:
    """Whether signing in must be completed with a one-time code (or an enrolment).

    Required for monitoring-body and admin users unless the demo relaxes it; also asked of anyone
    who enrolled a device voluntarily.
    """
    if settings.WSR_REQUIRE_2FA and user_requires_two_factor(user):
        return True
    return bool(user_has_device(user, confirmed=True))


def _code_match(*, user: User, code: str) -> Device | None:
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(code):
                return device
    return None


def two_factor_verify(*, user: User, code: str) -> Device:
    """Check a one-time code against the user's confirmed devices; return the device that took it."""
    _code_throttle_take(user=user)
    device = _code_match(user=user, code=code)
    if device is None:
        raise CredentialsRefused(CODE_INVALID, code=AccountErrorCode.TWO_FACTOR_INVALID)
    throttle_reset(f"otp:user:{user.pk}")
    with transaction.atomic():
        event_record(actor=actor_for_user(user), obj=user, verb="two_factor_verified")
    return device


def two_factor_device_start(*, user: User) -> TOTPDevice:
    """The user's pending (unconfirmed) TOTP device, created on first call so the QR code stays stable."""
    with transaction.atomic():
        device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name=str(_("Authenticator app")), confirmed=False)
    return device


def two_factor_enrol_confirm(*, user: User, device_id: int, code: str) -> TOTPDevice:
    """Confirm the pending device once the user proves the app produces valid codes."""
    _code_throttle_take(user=user)
    device = TOTPDevice.objects.filter(user=user, pk=device_id, confirmed=False).first()
    code = code.strip().replace(" ", "")
    if device is None or not code.isdigit() or not device.verify_token(code):
        raise CredentialsRefused(CODE_INVALID, code=AccountErrorCode.TWO_FACTOR_INVALID)
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # Other half-finished enrolments are dropped: only the confirmed secret remains.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        event_record(actor=actor_for_user(user), obj=user, verb="two_factor_enrolled", after="confirmed")
    throttle_reset(f"otp:user:{user.pk}")
    return device


# --- login ------------------------------------------------------------------------------------


def login_password(*, username: str, password: str, client_ip: str) -> User:
    """Accept a username and password (throttled) and record the login; raise ``CredentialsRefused``."""
    user = _credentials_check(username=username, password=password, client_ip=client_ip)
    with transaction.atomic():
        event_record(
            actor=actor_for_user(user),
            obj=user,
            verb="login",
            data={"second_factor": "pending" if second_factor_needed(user) else "not_required"},
        )
    return user


def password_reset_record(*, user: User) -> None:
    """Record that a user chose a new password through the emailed link."""
    with transaction.atomic():
        event_record(actor=actor_for_user(user), obj=user, verb="password_reset")


# --- API tokens -------------------------------------------------------------------------------


def api_token_obtain(*, username: str, password: str, otp: str | None, client_ip: str) -> str:
    """Issue an API token for valid credentials (and a valid one-time code where one is needed)."""
    user = _credentials_check(username=username, password=password, client_ip=client_ip)
    if second_factor_needed(user):
        if not otp:
            raise CredentialsRefused(TWO_FACTOR_REQUIRED, code=AccountErrorCode.TWO_FACTOR_REQUIRED)
        if _code_match(user=user, code=otp) is None:
            raise CredentialsRefused(TWO_FACTOR_INVALID, code=AccountErrorCode.TWO_FACTOR_INVALID)
    with transaction.atomic():
        token = api_token_issue(user=user)
        event_record(actor=actor_for_user(user), obj=user, verb="api_token_issued")
    return token


def api_token_withdraw(*, user: User, token: str) -> bool:
    """Revoke the token the user presented. Returns whether a live token was revoked."""
    with transaction.atomic():
        revoked = api_token_revoke(token=token)
        if revoked:
            event_record(actor=actor_for_user(user), obj=user, verb="api_token_revoked")
    return revoked


def api_tokens_revoke(*, actor: Actor, token_ids: Iterable[int]) -> int:
    """Revoke tokens by row (admin action). One event per affected user."""
    with transaction.atomic():
        rows = list(ApiToken.objects.select_related("user").filter(pk__in=list(token_ids), revoked_at__isnull=True))
        ApiToken.objects.filter(pk__in=[r.pk for r in rows]).update(revoked_at=clock.now())
        for row in rows:
            event_record(actor=actor, obj=row.user, verb="api_token_revoked", data={"token_id": row.pk})
    return len(rows)
