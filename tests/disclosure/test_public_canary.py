"""Acceptance canary for the public site: every public route, export and API, found from the URL
resolver (a new route is walked without editing this test), answered for an anonymous visitor
over data that carries marked secrets, shows none of them: no complainant name, phone or contact,
no narrative or message, no internal finding text, no private commercial terms or signatory names.

Every route is requested with each value of its URL parameters from the pools below (other
parameters get a placeholder: staff routes answer a redirect or 401 anyway). Routes the public may read
(the ``public`` namespace, the Code, the audits' public page, /api/v1/public/...) must answer 200
for at least one combination, so a public route cannot escape the walk by always failing."""

from __future__ import annotations

import itertools
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from tests.agreements.conftest import make_ready
from tests.audits.conftest import item_in_state, record_finding, started_audit
from tests.complaints.staff_helpers import advance, file_case
from tests.disclosure import report_access_rows
from tests.standing.conftest import actor
from wsr.agreements.services import agreement_sign, agreement_term_add
from wsr.complaints import services as complaints
from wsr.complaints.selectors import complaint_narrative
from wsr.core.models import TransparencyEntry
from wsr.disclosure.open_data import EXPORTS

pytestmark = pytest.mark.django_db

SECRETS = {
    "complainant name": "CANARY-NAME-Jv27",
    "complainant phone": "+15557770199",
    "complainant contact": "CANARY-CONTACT-Lm90",
    "narrative": "CANARY-NARRATIVE-Qd63",
    "message": "CANARY-MESSAGE-Tr15",
    "internal finding text": "CANARY-INTERNAL-Hb48",
    "private terms": "CANARY-TERMS-Px72",
    "signatory": "CANARY-SIGNER-Wc31",
}
SKIP_PREFIXES = ("admin/", "i18n/", "static/", "media/")
PARAM = re.compile(r"<(?:(?P<conv>[a-z]+):)?(?P<name>\w+)>")
PUBLIC_NAMES = ("public:", "code_public", "audits:public_facility")
# In the public namespace but for signed-in viewers only (label posters: the standing domain's scopes).
NOT_FOR_EVERYONE = {"public:label_posters", "public:label_poster_svg", "public:label_poster_pdf"}


def _build_secrets(personas: Any) -> None:
    """Demo-like data through the real services, every secret in its own private field."""
    receipt = file_case(
        personas,
        facility=personas.facility_x,
        description=f"{SECRETS['narrative']} in the packing shed",
        name=SECRETS["complainant name"],
        phone=SECRETS["complainant phone"],
        contact=SECRETS["complainant contact"],
    )
    case = advance(personas, receipt.complaint, "closed", refs=["2.1"])
    open_case = file_case(personas, facility=personas.facility_y, description=SECRETS["narrative"])
    complaints.complaint_message_post(case_code=open_case.case_code, secret=open_case.secret, text=SECRETS["message"])
    assert case.status == "closed"

    audit = started_audit(personas, facility=personas.facility_x, kind="periodic")
    finding = record_finding(personas, audit, "2.1", internal=f"Crew 4 pay slips. {SECRETS['internal finding text']}")
    item_in_state(personas, finding, "verified_fixed")

    admin = actor(personas.council_admin)
    agreement = make_ready(
        personas,
        signer=f"Ms {SECRETS['signatory']}",
        remediation_terms=f"Fund {SECRETS['private terms']}",
        fund_remediation=True,
    )
    agreement_term_add(
        actor=admin,
        agreement=agreement,
        kind="per_unit",
        amount_minor_per_unit=3,
        unit=f"crate {SECRETS['private terms']}",
        products=["Tomatoes"],
        currency="USD",
    )
    agreement.refresh_from_db()
    agreement_sign(actor=admin, agreement=agreement)
    agreement.refresh_from_db()
    assert not agreement.terms_public


def _patterns(resolvers: list[Any], prefix: str = "", namespace: str = "") -> list[tuple[str, str]]:
    found = []
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += _patterns(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            name = f"{namespace}{entry.name}" if entry.name else ""
            found.append((prefix + str(entry.pattern), name))
    return found


def _route_to_path(route: str) -> str:
    return route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _pools(personas: Any) -> dict[str, list[str]]:
    facilities = [personas.facility_x.public_id, personas.facility_y.public_id, personas.facility_elsewhere.public_id]
    brands = [personas.brand_a.organisation.public_id, personas.brand_b.organisation.public_id]
    seqs = sorted(
        {
            str(s)
            for s in TransparencyEntry.objects.filter(
                stream__in=[personas.program.log_stream, personas.other_program.log_stream]
            ).values_list("seq", flat=True)
        }
    )
    made = report_access_rows.placeholders(personas)  # a reporting season and a label code
    slugs = [personas.program.slug, personas.other_program.slug]
    return {
        "slug": slugs,
        "program": slugs,
        "public_id": facilities + brands,
        "facility": facilities,
        "facility_id": facilities,
        "seq": seqs,
        "name": list(EXPORTS),
        "fmt": ["csv", "json", "geojson"],
        "season": [made["report_season"]],
        "code": [made["label_code"]],
    }


QUERIES = [
    "/search/?q=Farm",
    "/search/?q=Farm&standing=suspended",
    "/search/?q=Suplier",
    "/search/?place=Konabari&country=US",
    "/api/v1/public/facilities?q=Farm",
    "/api/v1/public/facilities?q=Suplier+Frm",
    "/p/{slug}/complaints/?category=health_safety",
    "/p/{slug}/complaints/?status=closed",
    "/api/v1/public/programs/{slug}/log/entries?start=0&end=999",
    "/api/v1/public/programs/{slug}/log/export",
    "/api/v1/public/programs/{slug}/log/proof/inclusion?index=0&size=2",
    "/api/v1/public/programs/{slug}/log/proof/consistency?first=1&second=2",
]


def _body(response: Any) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _leaks(text: str) -> list[str]:
    return [label for label, secret in SECRETS.items() if secret in text]


def test_no_public_route_export_or_api_shows_a_secret(world):
    _build_secrets(world)
    pools = _pools(world)
    anonymous = Client()
    leaks: list[str] = []
    public_ok: dict[str, bool] = {}
    walked = 0
    for route, name in _patterns(get_resolver().url_patterns):
        path = _route_to_path(route)
        if path.startswith(SKIP_PREFIXES):
            continue
        params = [m.group("name") for m in PARAM.finditer(path)]
        is_public = (name.startswith(PUBLIC_NAMES) and name not in NOT_FOR_EVERYONE) or path.startswith(
            "api/v1/public/"
        )
        if is_public:
            public_ok.setdefault(name or path, False)
        # A parameter without values here (staff routes: a case, a notice...) gets a placeholder;
        # a public route answering only 404 with it fails below, so its author adds values.
        for values in itertools.product(*(pools.get(p, ["x"]) for p in params)):
            url = "/" + path
            for param, value in zip(params, values, strict=True):
                url = PARAM.sub(lambda m, p=param, v=value: v if m.group("name") == p else m.group(0), url, count=1)
            response = anonymous.get(url)
            walked += 1
            if response.status_code == 200:
                if is_public:
                    public_ok[name or path] = True
                leaks += [f"{url}: {label}" for label in _leaks(_body(response))]
    for template in QUERIES:
        answered = []
        for slug in pools["slug"]:
            url = template.format(slug=slug)
            response = anonymous.get(url)
            answered.append(response.status_code)
            if response.status_code == 200:
                public_ok[resolve(url.split("?")[0]).view_name] = True
            leaks += [f"{url}: {label}" for label in _leaks(_body(response))]
        assert 200 in answered, template  # (the other program's log is empty: its entries are a 422)

    assert walked > 100
    assert not [route for route, ok in public_ok.items() if not ok], "public routes that never answered 200"
    assert public_ok.get("public:open_data_file") and public_ok.get("public:facility")
    assert not leaks, "\n".join(leaks)


def test_the_secrets_were_really_stored(world):
    """The canary proves something only if the secrets exist where staff can read them."""
    _build_secrets(world)
    from wsr.agreements.models import Agreement
    from wsr.audits.models import Finding

    assert Finding.objects.filter(internal_text__contains=SECRETS["internal finding text"]).exists()
    assert Agreement.objects.filter(remediation_terms__contains=SECRETS["private terms"]).exists()
    complaint = world.program.complaints.filter(status="closed").get()
    assert SECRETS["narrative"] in complaint_narrative(complaint)
    assert complaint.narrative and SECRETS["narrative"] not in complaint.narrative  # encrypted at rest
