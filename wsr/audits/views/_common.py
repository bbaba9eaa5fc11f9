"""Helpers shared by the audit pages."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsr.accounts.models import Organisation
from wsr.accounts.selectors import actor_for_request
from wsr.audits import selectors as sel
from wsr.audits.models import Finding
from wsr.core.errors import DomainError
from wsr.core.permissions import Actor
from wsr.programs.models import Program


def _brands(program: Program) -> Any:
    return Organisation.objects.filter(participations__program=program, participations__kind="brand").order_by("name")


def _action(
    request: HttpRequest, program: Program, form: Any, *, heading: str, back: str, **extra: Any
) -> HttpResponse:
    return render(
        request, "audits/action.html", {"program": program, "form": form, "heading": heading, "back": back, **extra}
    )


def _refuse(form: Any, exc: DomainError, field: str | None = None) -> None:
    form.add_error(field, exc.message)


def _finding(request: HttpRequest, slug: str, finding_id: str) -> tuple[Actor, Program, Finding]:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    return actor, program, sel.finding_get_for_actor(actor=actor, program=program, public_id=finding_id)
