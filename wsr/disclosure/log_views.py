"""Public pages of a program's transparency log: the signed head and the entries (newest first),
and one page per entry whose inclusion in the signed tree the browser checks (static/js/log-verify.js,
WebCrypto SHA-256). Everything shown is a public fact by construction (payloads are public)."""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from wsr.core import log_tree
from wsr.core.errors import NotFound
from wsr.core.i18n import page_language
from wsr.core.models import TransparencyEntry
from wsr.programs.selectors import program_get_public

PAGE = 50


def _api(slug: str, tail: str) -> str:
    return f"{reverse('api:api-root')}public/programs/{slug}/log/{tail}"


def _page_number(value: str | None, last: int) -> int:
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), max(last, 1))


def log_page(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    stream = program.log_stream
    head = log_tree.signed_head(stream)
    pages = (head.tree_size + PAGE - 1) // PAGE
    number = _page_number(request.GET.get("page"), pages)
    top = head.tree_size - (number - 1) * PAGE
    entries = TransparencyEntry.objects.filter(stream=stream, seq__lte=top, seq__gt=top - PAGE).order_by("-seq")
    with page_language(request, request.GET.get("lang")):
        return render(
            request,
            "disclosure/log.html",
            {
                "program": program,
                "head": head,
                "key": log_tree.public_key_info(),
                "entries": entries,
                "page": number,
                "pages": pages,
                "api": {t: _api(slug, t) for t in ("head", "export")},
            },
        )


def log_entry(request: HttpRequest, slug: str, seq: int) -> HttpResponse:
    program = program_get_public(slug=slug)
    entry = TransparencyEntry.objects.filter(stream=program.log_stream, seq=seq).first()
    if entry is None:
        raise NotFound("log entry")
    data = bytes(entry.canonical)
    with page_language(request, request.GET.get("lang")):
        return render(
            request,
            "disclosure/log_entry.html",
            {
                "program": program,
                "entry": entry,
                "index": seq - 1,
                "text": data.decode("utf-8"),
                "payload": json.dumps(entry.payload, ensure_ascii=False, indent=2, sort_keys=True),
                "leaf_hash": bytes(entry.leaf_hash).hex(),
                "key": log_tree.public_key_info(),
                "api": {
                    "head": _api(slug, "head"),
                    "entry": _api(slug, f"entries?start={seq - 1}&end={seq - 1}"),
                    "proof": _api(slug, "proof/inclusion"),
                    "key": f"{reverse('api:api-root')}public/log/key",
                },
            },
        )
