"""Sign in, sign out, two-factor verification and enrolment, password reset pages.

Each view parses the form, calls one service, and does the session plumbing (``login``,
``django_otp.login``) that services must not see.
"""

from __future__ import annotations

import base64
from typing import Any
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from wsr.accounts.forms import CodeForm, LoginForm
from wsr.accounts.selectors import user_requires_two_factor
from wsr.accounts.services import (
    CredentialsRefused,
    login_password,
    password_reset_record,
    password_reset_throttle_take,
    second_factor_needed,
    two_factor_device_start,
    two_factor_enrol_confirm,
    two_factor_verify,
)
from wsr.core.errors import Throttled
from wsr.core.http import client_address


def client_ip(request: HttpRequest) -> str:
    return client_address(request)


def _safe_next(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return ""


def _next_or_home(request: HttpRequest) -> str:
    return _safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL)


def _redirect_keeping_next(request: HttpRequest, url_name: str) -> HttpResponseRedirect:
    url = reverse(url_name)
    nxt = _safe_next(request)
    return HttpResponseRedirect(f"{url}?{urlencode({'next': nxt})}" if nxt else url)


def _throttled(form: Form, exc: Throttled) -> None:
    form.add_error(
        None,
        ngettext(
            "Too many attempts. Please wait %(seconds)d second and try again.",
            "Too many attempts. Please wait %(seconds)d seconds and try again.",
            exc.retry_after,
        )
        % {"seconds": exc.retry_after},
    )


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], *, throttled: Throttled | None = None
) -> HttpResponse:
    response = render(request, template, context, status=429 if throttled else 200)
    if throttled is not None:
        response["Retry-After"] = str(throttled.retry_after)
    return response


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    if request.method == "GET" and request.user.is_authenticated:
        return redirect(_next_or_home(request))
    form = LoginForm(request.POST if request.method == "POST" else None)
    throttled: Throttled | None = None
    if request.method == "POST" and form.is_valid():
        try:
            user = login_password(
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                client_ip=client_ip(request),
            )
        except Throttled as exc:
            throttled = exc
            _throttled(form, exc)
        except CredentialsRefused as exc:
            # One message for an unknown username, an inactive account and a wrong password.
            form.add_error(None, str(exc.message))
        else:
            auth_login(request, user)
            if second_factor_needed(user):
                return _redirect_keeping_next(request, "accounts:two_factor")
            return redirect(_next_or_home(request))
    context = {"form": form, "next": _safe_next(request)}
    return _render(request, "accounts/login.html", context, throttled=throttled)


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_verified():  # type: ignore[union-attr]
        return redirect(_next_or_home(request))
    if not user_has_device(user, confirmed=True):
        if settings.WSR_REQUIRE_2FA and user_requires_two_factor(user):  # type: ignore[arg-type]
            return _redirect_keeping_next(request, "accounts:two_factor_enrol")
        return redirect(_next_or_home(request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    throttled: Throttled | None = None
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_verify(user=user, code=form.cleaned_data["code"])  # type: ignore[arg-type]
        except Throttled as exc:
            throttled = exc
            _throttled(form, exc)
        except CredentialsRefused as exc:
            form.add_error("code", str(exc.message))
        else:
            otp_login(request, device)
            return redirect(_next_or_home(request))
    context = {"form": form, "next": _safe_next(request)}
    return _render(request, "accounts/two_factor.html", context, throttled=throttled)


def _qr_svg(data: str, label: str) -> SafeString:
    """An inline SVG QR code (built locally: no network, no external image)."""
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    svg = image.to_string(encoding="unicode")
    # The SVG markup is generated by the qrcode package from our own data; the label is escaped.
    return mark_safe(f'<div class="qr" role="img" aria-label="{escape(label)}">{svg}</div>')  # noqa: S308


def _secret_for_display(device: TOTPDevice) -> str:
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@sensitive_post_parameters("code")
@never_cache
@login_required
def two_factor_enrol_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user_has_device(user, confirmed=True):
        # Never let a session that has not passed its existing second factor replace it.
        if user.is_verified():  # type: ignore[union-attr]
            messages.info(request, _("Two-factor sign-in is already set up for your account."))
            return redirect(_next_or_home(request))
        return _redirect_keeping_next(request, "accounts:two_factor")
    device = two_factor_device_start(user=user)  # type: ignore[arg-type]
    form = CodeForm(request.POST if request.method == "POST" else None)
    throttled: Throttled | None = None
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_enrol_confirm(
                user=user,  # type: ignore[arg-type]
                device_id=device.pk,
                code=form.cleaned_data["code"],
            )
        except Throttled as exc:
            throttled = exc
            _throttled(form, exc)
        except CredentialsRefused as exc:
            form.add_error("code", str(exc.message))
        else:
            otp_login(request, device)
            messages.success(request, _("Two-factor sign-in is set up. You will be asked for a code when you sign in."))
            return redirect(_next_or_home(request))
    context = {
        "form": form,
        "next": _safe_next(request),
        "secret": _secret_for_display(device),
        "qr_svg": _qr_svg(device.config_url, _("QR code to scan with your authenticator app")),
        "required": settings.WSR_REQUIRE_2FA and user_requires_two_factor(user),  # type: ignore[arg-type]
    }
    return _render(request, "accounts/two_factor_enrol.html", context, throttled=throttled)


class LogoutView(auth_views.LogoutView):
    """POST only (Django refuses GET with 405)."""

    http_method_names = ["post", "options"]


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        # Throttled raises; DomainErrorMiddleware answers 429 with the wait.
        password_reset_throttle_take(email=form.cleaned_data["email"], client_ip=client_ip(self.request))
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_reset_record(user=form.user)
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
