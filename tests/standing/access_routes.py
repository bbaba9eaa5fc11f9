"""Access-matrix rows for the standing pages and endpoints (joined by tests/test_access_matrix.py).

Placeholders: facilities X and Y participating, a suspension decision at X, its notice to brand A
and to supplier X, an objection of the worker organisation, an open zero-tolerance case and an
escalation at X. Brand A sources from X only; supplier X owns X only."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.access import expect, only
from wsr.core import clock
from wsr.standing.models import (
    Decision,
    Escalation,
    FacilityStanding,
    Notice,
    Objection,
    StandingChange,
    WebhookEndpoint,
    ZeroToleranceCase,
)

VIEW_ALL = ("council_admin", "investigator", "worker_org_staff")
MONITORS = ("council_admin", "investigator")
WORKER_ORG = ("worker_org_staff",)
AT_X = (*VIEW_ALL, "brand_a", "supplier_x")
BRANDS = ("brand_a", "brand_b")
NOT_X = {"brand_b": 404, "supplier_y": 404}
P = "/standing/{program}"
FX = P + "/facilities/{fx}"


def _form(url: str, allowed: tuple[str, ...], **overrides: int) -> list[tuple[str, str, dict[str, int]]]:
    """A form page: GET 200 for the allowed, an empty POST re-renders it with errors (400)."""
    return [
        ("GET", url, only(allowed, others=403, **overrides)),
        ("POST", url, only(allowed, others=403, ok=400, **overrides)),
    ]


# A refused endpoint URL (private address): the allowed get 400 and nothing is registered.
BODIES = {("POST", "/api/v1/programs/{program}/webhooks"): {"url": "https://10.0.0.1/x", "events": ["suspension"]}}

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", P + "/", only(VIEW_ALL, others=403)),
    ("GET", "/standing/{other_program}/", expect(404, public=302)),
    ("GET", FX + "/", only(AT_X, others=403, **NOT_X)),
    ("GET", P + "/eligibility/", only((*VIEW_ALL, "brand_a", "brand_b", "supplier_x", "supplier_y"), others=403)),
    *_form(FX + "/decide/", MONITORS),
    *_form(FX + "/escalate/", MONITORS),
    *_form(FX + "/request-escalation/", WORKER_ORG),
    ("GET", P + "/decisions/{decision}/", only(VIEW_ALL, others=403)),
    *_form(P + "/decisions/{decision}/object/", WORKER_ORG),
    *_form(P + "/objections/{objection}/answer/", MONITORS),
    *_form(P + "/cases/{case}/", MONITORS),
    ("GET", P + "/escalations/{escalation}/", only((*VIEW_ALL, "supplier_x"), others=403, brand_a=404, **NOT_X)),
    ("POST", P + "/escalations/{escalation}/", only(MONITORS, others=403, ok=400, brand_a=404, **NOT_X)),
    ("GET", "/standing/notices/", expect(200, public=302)),
    ("GET", "/standing/notices/{notice_a}/", only((*VIEW_ALL, "brand_a"), others=404)),
    ("GET", "/standing/notices/{notice_a}/pdf/", only((*VIEW_ALL, "brand_a"), others=404)),
    ("GET", "/standing/notices/{notice_sx}/pdf/", only((*VIEW_ALL, "supplier_x"), others=404)),
    (
        "POST",
        "/standing/notices/{notice_a}/acknowledge/",
        only(("brand_a",), others=404, ok=302, **dict.fromkeys(VIEW_ALL, 403)),
    ),
    (
        "POST",
        "/standing/notices/{notice_sx}/respond/",
        only(("supplier_x",), others=404, ok=400, **dict.fromkeys(VIEW_ALL, 403)),
    ),
    (
        "GET",
        "/api/v1/programs/{program}/eligible-suppliers",
        only((*VIEW_ALL, "brand_a", "brand_b"), others=403, public=401),
    ),
    ("GET", "/api/v1/programs/{other_program}/eligible-suppliers", expect(404, public=401)),
    ("GET", "/api/v1/standing/notices", expect(200, public=401)),
    ("GET", "/api/v1/standing/notices/{notice_a}/pdf", only((*VIEW_ALL, "brand_a"), others=404, public=401)),
    ("GET", P + "/webhooks/", only(BRANDS, others=403)),
    ("POST", P + "/webhooks/", only(BRANDS, others=403, ok=400)),
    ("POST", P + "/webhooks/{webhook_a}/disable/", only(("brand_a",), others=403, ok=302, brand_b=404)),
    ("GET", "/standing/{other_program}/webhooks/", expect(404, public=302)),
    ("GET", "/api/v1/programs/{program}/webhooks", only(BRANDS, others=403, public=401)),
    ("POST", "/api/v1/programs/{program}/webhooks", only(BRANDS, others=403, ok=400, public=401)),
    (
        "POST",
        "/api/v1/programs/{program}/webhooks/{webhook_a_api}/disable",
        only(("brand_a",), others=403, brand_b=404, public=401),
    ),
    (
        "POST",
        "/api/v1/standing/notices/{notice_a_api}/acknowledge",
        only(("brand_a",), others=404, public=401, **dict.fromkeys(VIEW_ALL, 403)),
    ),
]


def placeholders(personas: Any) -> dict[str, str]:
    program, fx = personas.program, personas.facility_x
    now = clock.now()
    standings = {
        f: FacilityStanding.objects.create(program=program, facility=f, status="participating", since=now)
        for f in (fx, personas.facility_y)
    }
    FacilityStanding.objects.filter(pk=standings[fx].pk).update(status="suspended", suspended_on=now.date())
    decision = Decision.objects.create(
        program=program, target="suspended", grounds="zero_tolerance", reason="matrix", decided_by_label="matrix"
    )
    StandingChange.objects.create(
        standing=standings[fx],
        decision=decision,
        program=program,
        facility=fx,
        before="participating",
        after="suspended",
        effective_at=now,
    )
    notice_a = Notice.objects.create(
        program=program,
        facility=fx,
        organisation=personas.brand_a.organisation,
        addressee="brand",
        kind="suspension",
        subject_ref=decision.public_id,
        body="matrix",
        sent_at=now,
    )
    notice_a_api = Notice.objects.create(
        program=program,
        facility=fx,
        organisation=personas.brand_a.organisation,
        addressee="brand",
        kind="termination",
        subject_ref=decision.public_id,
        body="matrix",
        sent_at=now,
    )
    notice_sx = Notice.objects.create(
        program=program,
        facility=fx,
        organisation=personas.supplier_x.organisation,
        addressee="supplier",
        kind="suspension",
        subject_ref=decision.public_id,
        body="matrix",
        sent_at=now,
    )
    objection = Objection.objects.create(
        program=program,
        kind="objection",
        decision=decision,
        facility=fx,
        text="matrix",
        answer_due=now + dt.timedelta(days=5),
    )
    case = ZeroToleranceCase.objects.create(
        program=program, facility=fx, source_event_id=10**12, provision_ref="1.1", confirmed_at=now
    )
    escalation = Escalation.objects.create(program=program, facility=fx, stage_since=now.date())
    webhook_a, webhook_a_api = (
        WebhookEndpoint.objects.create(
            program=program,
            organisation=personas.brand_a.organisation,
            url="https://93.184.216.34/hook",
            events=["suspension"],
            secret_wrapped="matrix",
            secret_hint="trix",
        )
        for _ in range(2)
    )
    return {
        "decision": decision.public_id,
        "notice_a": notice_a.public_id,
        "notice_a_api": notice_a_api.public_id,
        "notice_sx": notice_sx.public_id,
        "objection": objection.public_id,
        "case": case.public_id,
        "escalation": escalation.public_id,
        "webhook_a": webhook_a.public_id,
        "webhook_a_api": webhook_a_api.public_id,
    }
