from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from wsr.api.security import api_actor, bearer_or_session
from wsr.core.transparency import transparency_entries
from wsr.programs.capabilities import ProgramCapability
from wsr.programs.models import Program
from wsr.programs.rules import RulesInvalid
from wsr.programs.selectors import program_get_for_actor, program_get_public, programs_public
from wsr.programs.services import program_rules_update

router = Router()


class ProgramOut(Schema):
    slug: str
    public_id: str
    name: str
    sector: str
    countries: list[str]
    languages: list[str]
    currency: str
    worker_organisation: str
    monitoring_body: str
    rules: dict[str, Any]


class LogEntryOut(Schema):
    seq: int
    time: str
    kind: str
    payload: dict[str, Any]
    prev: str
    hash: str


class RulesIn(Schema):
    changes: dict[str, Any]
    reason: str


def _out(p: Program) -> dict[str, Any]:
    return {
        "slug": p.slug,
        "public_id": p.public_id,
        "name": p.name,
        "sector": p.sector,
        "countries": p.countries,
        "languages": p.languages,
        "currency": p.currency,
        "worker_organisation": p.worker_organisation.name,
        "monitoring_body": p.monitoring_body.name,
        "rules": p.rules(),
    }


@router.get("", response=list[ProgramOut], auth=None, summary="Every program (public)")
def list_programs(request: HttpRequest) -> list[dict[str, Any]]:
    return [_out(p) for p in programs_public()]


@router.get("/{slug}", response=ProgramOut, auth=None, summary="One program and its rules (public)")
def get_program(request: HttpRequest, slug: str) -> dict[str, Any]:
    return _out(program_get_public(slug=slug))


@router.get(
    "/{slug}/log",
    response=list[LogEntryOut],
    auth=None,
    summary="The program's transparency log, in order (public; format in docs/transparency-log.md)",
)
def get_log(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    return transparency_entries(program_get_public(slug=slug).log_stream)


class RulesRefusedOut(Schema):
    detail: str
    code: str
    errors: dict[str, str]


@router.patch(
    "/{slug}/rules",
    response={200: ProgramOut, 422: RulesRefusedOut},
    auth=bearer_or_session(),
    summary="Change rule parameters (program admins); 422 names each refused field",
)
def patch_rules(request: HttpRequest, slug: str, body: RulesIn) -> Any:
    actor = api_actor(request)
    program = program_get_for_actor(actor=actor, slug=slug, capability=ProgramCapability.EDIT_RULES)
    try:
        changed = program_rules_update(actor=actor, program=program, changes=body.changes, reason=body.reason)
    except RulesInvalid as exc:
        detail = _("The rules were not changed: correct the fields named in errors.")
        return Status(422, {"detail": detail, "code": exc.code, "errors": exc.errors})
    return _out(changed)
