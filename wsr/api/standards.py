"""Public Code of Conduct endpoints (mounted at /api/v1/public). Only adopted text is reachable."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema

from wsr.core.errors import DomainError, NotFound
from wsr.programs.selectors import program_get_public
from wsr.standards.selectors import code_localised, code_version_public

router = Router()


class ProvisionOut(Schema):
    ref: str
    category: str
    tier: str
    title: str
    text: str
    language: str


class CodeOut(Schema):
    program: str
    version: int
    title: str
    adopted_on: str
    effective_from: str
    language: str
    provisions: list[ProvisionOut]


class ErrorOut(Schema):
    detail: str
    code: str


class CodeQuery(Schema):
    lang: str | None = None


@router.get(
    "/programs/{program}/code",
    response={200: CodeOut, 400: ErrorOut, 404: ErrorOut},
    auth=None,
    summary="The program's adopted Code of Conduct in one language (public)",
    description=(
        "The version in force today (or, before the first one takes effect, the adopted one). "
        "`lang` is one of the program's languages (default: its first). A provision without text in "
        "that language falls back to the program's default language, then English; each provision's "
        "`language` says which text you got. 400 for a language the program does not have, 404 when "
        "no version has been adopted."
    ),
)
def get_code(request: HttpRequest, program: str, query: Query[CodeQuery]) -> dict[str, Any]:
    prog = program_get_public(slug=program)
    language = query.lang or prog.default_language
    if language not in prog.languages:
        raise DomainError(
            f"The program has no language {language!r}: use one of {', '.join(prog.languages)}.",
            code="unknown_language",
        )
    version = code_version_public(prog)
    if version is None:
        raise NotFound("adopted Code of Conduct for this program")
    return {
        "program": prog.slug,
        "version": version.number,
        "title": version.title,
        "adopted_on": version.adopted_at.date().isoformat() if version.adopted_at else "",
        "effective_from": version.effective_from.isoformat() if version.effective_from else "",
        "language": language,
        "provisions": [
            {
                "ref": p.ref,
                "category": p.category,
                "tier": p.tier,
                "title": p.title,
                "text": p.text,
                "language": p.language,
            }
            for p in code_localised(version, language)
        ],
    }
