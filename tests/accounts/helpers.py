"""Small helpers shared by the accounts tests."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from wsr.accounts.models import User
from wsr.core.models import Event


def code_for(device: TOTPDevice) -> str:
    """The code an authenticator app would show now for ``device``."""
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):0{device.digits}d}"


def events_for(user: User, verb: str) -> QuerySet[Event]:
    return Event.objects.filter(object_type=ContentType.objects.get_for_model(User), object_id=str(user.pk), verb=verb)


def is_logged_in(client: object) -> bool:
    return "_auth_user_id" in client.session  # type: ignore[attr-defined]
