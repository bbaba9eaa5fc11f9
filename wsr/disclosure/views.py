from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsr.core.i18n import page_language
from wsr.disclosure.selectors import public_brands, public_programs, public_signatories
from wsr.programs.selectors import program_get_public


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "disclosure/home.html", {"programs": public_programs()})


def program(request: HttpRequest, slug: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    with page_language(request, request.GET.get("lang")):  # ?lang= translates the body, not only the header
        return render(
            request,
            "disclosure/program.html",
            {"program": prog, "brands": public_brands(prog), "signatories": public_signatories(prog)},
        )
