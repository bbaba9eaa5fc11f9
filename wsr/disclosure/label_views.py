"""Label verification pages: /v/ (type a code), /v/<code>/ (the facility's standing now, with the
log entry behind it), /v/<code>/qr.svg, and the signed-in page where a supplier, a brand or the
program's staff download the posters of the facilities they may see."""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from wsr.accounts.selectors import actor_for_request
from wsr.core.errors import NotFound
from wsr.core.i18n import page_language
from wsr.core.permissions import Actor
from wsr.disclosure import labels
from wsr.disclosure.models import LabelCode
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor
from wsr.standing.capabilities import StandingCapability as SC
from wsr.standing.selectors import standings_for_actor


def _verify_url(request: HttpRequest, code: str) -> str:
    return request.build_absolute_uri(reverse("public:label", kwargs={"code": code}))


def label_form(request: HttpRequest) -> HttpResponse:
    """The form to type a code printed on a label (GET ?code=...: a wrong code is said so)."""
    typed = (request.GET.get("code") or "").strip()
    error = ""
    if typed:
        code = labels.code_normalise(typed)
        if code is not None and labels.label_get_public(code) is not None:
            return HttpResponseRedirect(reverse("public:label", kwargs={"code": code}))
        error = (
            _("This is not a label code: check each character (8 letters and digits, like 7K3M-9Q2X).")
            if code is None
            else _("No facility carries this code. Check the label again.")
        )
    with page_language(request, request.GET.get("lang")):
        return render(
            request, "disclosure/label_form.html", {"typed": typed, "error": error}, status=400 if error else 200
        )


def label_page(request: HttpRequest, code: str) -> HttpResponse:
    canonical = labels.code_normalise(code)
    if canonical is not None and canonical != code:
        return HttpResponseRedirect(reverse("public:label", kwargs={"code": canonical}))
    label = labels.label_get_public(canonical) if canonical else None
    with page_language(request, request.GET.get("lang")):
        if label is None:
            error = _("No facility carries this code. Check the label again.")
            return render(request, "disclosure/label_form.html", {"typed": code, "error": error}, status=404)
        status = labels.label_status(label)
        response = render(request, "disclosure/label.html", {"status": status, "url": _verify_url(request, code)})
    response["Cache-Control"] = "no-cache"  # the standing may change at any moment: never a stale answer
    return response


def label_qr(request: HttpRequest, code: str) -> HttpResponse:
    label = labels.label_get_public(code)
    if label is None:
        raise NotFound("label code")
    svg = labels.qr_svg(_verify_url(request, code), title=labels.code_display(code))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="label-{code}.svg"'
    return response


# --- posters (signed in) ---------------------------------------------------------------------------


def _viewer_program(request: HttpRequest, slug: str) -> tuple[Actor, Program]:
    """Staff and the worker organisation (every facility), a supplier (its own) or a brand (those
    it sources from): the standing domain's scopes."""
    actor = actor_for_request(request)
    for capability in (SC.VIEW_ALL, SC.VIEW_OWN, SC.VIEW_NOTICES):
        if program_has(actor, slug, capability):
            return actor, program_get_for_actor(actor=actor, slug=slug, capability=capability)
    return actor, program_get_for_actor(actor=actor, slug=slug, capability=SC.VIEW_ALL)


def program_has(actor: Actor, slug: str, capability: str) -> bool:
    return Program.objects.filter(slug=slug, pk__in=actor.program_ids_with(capability)).exists()


@login_required
def label_posters(request: HttpRequest, slug: str) -> HttpResponse:
    """The labels of the facilities the actor may see: codes are issued here, on first request,
    to those in good standing. A facility that lost its standing keeps its code (and its poster):
    whoever scans it is told "not in good standing"; one never in good standing has none."""
    actor, program = _viewer_program(request, slug)
    standings = list(standings_for_actor(actor=actor, program=program))
    labels.label_codes_issue(program=program, facilities=[s.facility for s in standings])
    codes = dict(
        LabelCode.objects.filter(program=program, facility_id__in=[s.facility_id for s in standings]).values_list(
            "facility_id", "code"
        )
    )
    rows = [(s, codes.get(s.facility_id)) for s in standings]
    return render(request, "disclosure/label_posters.html", {"program": program, "rows": rows})


def _poster_label(request: HttpRequest, slug: str, facility_id: str) -> tuple[Program, LabelCode]:
    actor, program = _viewer_program(request, slug)
    standing = standings_for_actor(actor=actor, program=program).filter(facility__public_id=facility_id).first()
    if standing is None:
        raise NotFound("facility")
    labels.label_codes_issue(program=program, facilities=[standing.facility])
    label = LabelCode.objects.select_related("facility").filter(program=program, facility=standing.facility).first()
    if label is None:
        raise NotFound("label code")  # never in good standing: no label to print
    return program, label


def _poster_context(request: HttpRequest, program: Program, label: LabelCode) -> dict[str, object]:
    url = _verify_url(request, label.code)
    matrix = labels.qr_matrix(url)
    modules = len(matrix) + 2 * labels.QUIET
    return {
        "program": program,
        "facility": label.facility,
        "code": labels.code_display(label.code),
        "url": url,
        "qr_path": labels.qr_path(matrix),
        "qr_modules": modules,
        "qr_scale": f"{120 / modules:.4f}",  # the symbol with its quiet zone spans 120 mm of the A4 poster
        "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(labels.qr_svg(url).encode()).decode(),
    }


@login_required
def label_poster_svg(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    program, label = _poster_label(request, slug, facility_id)
    with page_language(request, request.GET.get("lang")):
        svg = render_to_string("disclosure/label_poster.svg", _poster_context(request, program, label), request=request)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="poster-{label.code}.svg"'
    return response


@login_required
def label_poster_pdf(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    from wsr.core.pdf import render_pdf

    program, label = _poster_label(request, slug, facility_id)
    with page_language(request, request.GET.get("lang")):
        html = render_to_string(
            "disclosure/label_poster_pdf.html", _poster_context(request, program, label), request=request
        )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="poster-{label.code}.pdf"'
    return response
