"""Facility remediation, scorecards, evidence downloads and the public facility page.

Each view parses input, checks the actor's scope (selectors raise 404 outside it, 403 without the
capability), and calls exactly one service; a refused action comes back as a form error.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from wsr.accounts.selectors import actor_for_request
from wsr.audits import selectors as sel

# --- facility remediation and scorecards ---------------------------------------------------------


@login_required
def facility_remediation(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    facility = sel.facility_get_for_actor(actor=actor, program=program, public_id=facility_id)
    staff = sel.is_staff(actor, program)
    return render(
        request,
        "audits/facility.html",
        {
            "program": program,
            "facility": facility,
            "staff": staff,
            "remediation": sel.facility_remediation(program, facility),
            "findings": list(sel.findings_for_actor(actor=actor, program=program, facility=facility)),
            "items": list(sel.cap_items_for_actor(actor=actor, program=program, facility=facility)),
            "audits": list(sel.audits_for_actor(actor=actor, program=program).filter(facility=facility))
            if staff
            else [],
        },
    )


@login_required
def scorecard_list(request: HttpRequest, slug: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    season = sel.season_for(program, request.GET.get("season", ""))
    return render(
        request,
        "audits/scorecard_list.html",
        {
            "program": program,
            "season": season,
            "seasons": list(program.seasons.all()),
            "facilities": sel.facilities_for_actor(actor=actor, program=program),
        },
    )


@login_required
def scorecard(request: HttpRequest, slug: str, facility_id: str) -> HttpResponse:
    actor = actor_for_request(request)
    program = sel.audits_program_for_actor(actor=actor, slug=slug)
    facility = sel.facility_get_for_actor(actor=actor, program=program, public_id=facility_id)
    season = sel.season_for(program, request.GET.get("season", ""))
    return render(
        request,
        "audits/scorecard.html",
        {
            "program": program,
            "facility": facility,
            "season": season,
            "seasons": list(program.seasons.all()),
            "card": sel.scorecard(program, facility, season) if season else None,
        },
    )


def public_facility(request: HttpRequest, facility_id: str) -> HttpResponse:
    facility, programs = sel.facility_remediation_public(facility_id)
    return render(request, "audits/public_facility.html", {"facility": facility, "programs": programs})
