"""Refusals carry stable codes (the API returns them) and pages show them through one helper."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client, RequestFactory

from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.conftest import login
from tests.standards.conftest import build_code
from wsr.accounts.selectors import actor_for_user
from wsr.audits.errors import AuditErrorCode
from wsr.audits.models import CapItem
from wsr.audits.services import cap_item_reopen
from wsr.core.errors import ConcurrentChange, CoreErrorCode, DomainError
from wsr.core.models import Event
from wsr.core.views import run_service

pytestmark = pytest.mark.django_db


class NoteForm(forms.Form):
    note = forms.CharField(required=False)


def _refuse() -> None:
    raise DomainError("Say why.", code="reason_required")


def test_a_refusal_becomes_a_form_error_and_the_outcome_says_so():
    form = NoteForm({"note": ""})
    assert form.is_valid()
    outcome = run_service(_refuse, form=form)
    assert not outcome.ok and outcome.error is not None and outcome.error.code == "reason_required"
    assert form.non_field_errors() == ["Say why."]
    with pytest.raises(DomainError):
        outcome.value  # noqa: B018 - reading the value of a refused call raises the refusal


def test_a_refusal_on_a_field_and_a_success():
    form = NoteForm({"note": "x"})
    assert form.is_valid()
    run_service(_refuse, form=form, field="note")
    assert form.errors["note"] == ["Say why."]
    assert run_service(lambda: 42, form=NoteForm({})).value == 42


def test_without_a_form_the_refusal_is_a_flash_message():
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[assignment]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    outcome = run_service(_refuse, request=request)
    assert not outcome.ok
    assert [str(m) for m in get_messages(request)] == ["Say why."]


def test_core_refusals_use_the_core_codes():
    assert ConcurrentChange("x").code == CoreErrorCode.CONFLICT == "conflict"
    assert DomainError("no").code == CoreErrorCode.REFUSED


def test_a_service_refusal_carries_its_domain_code(personas):
    build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "reported_fixed")
    with pytest.raises(DomainError) as refused:
        cap_item_reopen(actor=actor_for_user(personas.investigator), item=item, reason=" ")
    assert refused.value.code == AuditErrorCode.SAY_WHY_FIX_ACCEPTED
    assert CapItem.objects.get(pk=item.pk).state == "reported_fixed"
    assert not Event.objects.filter(object_public_id=item.public_id, verb="cap_item_reopened").exists()


def test_the_api_returns_the_domain_code(personas):
    build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "reported_fixed")
    response = login(Client(), personas.investigator).post(
        f"/api/v1/audits/cap/{item.public_id}/reopen?program={personas.program.slug}",
        {"reason": " "},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "say_why_fix_accepted"
    assert CapItem.objects.get(pk=item.pk).state == "reported_fixed"


def test_a_lost_race_through_the_api_is_a_409(personas, monkeypatch):
    build_code(personas)
    item = item_in_state(personas, record_finding(personas, started_audit(personas)), "reported_fixed")

    def reopened_meanwhile(**kwargs):
        raise ConcurrentChange("CAP item")

    monkeypatch.setattr("wsr.api.audits.services.cap_item_verify", reopened_meanwhile)
    response = login(Client(), personas.investigator).post(
        f"/api/v1/audits/cap/{item.public_id}/verify?program={personas.program.slug}",
        {"note": "ok"},
        content_type="application/json",
    )
    assert response.status_code == 409 and response.json()["code"] == "conflict"
