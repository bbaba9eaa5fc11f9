"""Access-matrix rows for this domain's pages and endpoints (joined by tests/test_access_matrix.py).

The placeholder agreement is brand A's draft with a document, a premium term and a witness:
brand B must get 404 on it, everywhere.
"""

from __future__ import annotations

from typing import Any

from tests.access import expect, only

VIEWERS = ("council_admin", "investigator", "worker_org_staff")
EDITORS = ("council_admin", "worker_org_staff")
BRANDS = ("brand_a", "brand_b")
# brand A sees its own agreement but may not change it; brand B does not know it exists.
OWN = {"brand_a": 403, "brand_b": 404}
AGR = "/agreements/{program}/{agr_a}"

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/agreements/{program}/", only((*VIEWERS, *BRANDS), others=403)),
    ("GET", "/agreements/{other_program}/", expect(404, public=302)),
    ("GET", "/agreements/{program}/new/", only(EDITORS, others=403)),
    ("POST", "/agreements/{program}/new/", only(EDITORS, others=403)),
    ("GET", "/agreements/{other_program}/new/", expect(404, public=302)),
    ("GET", "/agreements/{program}/obligations/", only(BRANDS, others=403)),
    ("GET", AGR + "/", only((*VIEWERS, "brand_a"), others=403, brand_b=404)),
    ("GET", AGR + "/document/download/", only((*VIEWERS, "brand_a"), others=403, brand_b=404)),
    ("GET", "/agreements/{other_program}/{agr_a}/", expect(404, public=302)),
    *[
        (method, AGR + suffix, only(EDITORS, others=403, **OWN))
        for suffix in ("/edit/", "/terms/", "/signatories/", "/document/", "/sign/", "/terminate/", "/amend/")
        for method in ("GET", "POST")
    ],
    ("POST", AGR + "/terms/{agr_a_term}/remove/", only(EDITORS, others=403, ok=302, **OWN)),
    ("POST", AGR + "/signatories/{agr_a_witness}/remove/", only(EDITORS, others=403, ok=302, **OWN)),
    ("GET", "/api/v1/agreements?program={program}", only((*VIEWERS, *BRANDS), others=403, public=401)),
    ("GET", "/api/v1/agreements?program={other_program}", expect(404, public=401)),
    ("GET", "/api/v1/agreements/{agr_a}", only((*VIEWERS, "brand_a"), others=403, brand_b=404, public=401)),
    ("GET", "/api/v1/agreements/obligations?program={program}", only(BRANDS, others=403, public=401)),
]
BODIES: dict[tuple[str, str], Any] = {}


def placeholders(personas: Any) -> dict[str, str]:
    from wsr.accounts.selectors import actor_for_user
    from wsr.agreements.models import SignatoryRole
    from wsr.agreements.services import agreement_document_attach, agreement_draft_create, agreement_signatory_save
    from wsr.core import clock
    from wsr.demo.agreements import demo_pdf

    actor = actor_for_user(personas.council_admin)
    agreement = agreement_draft_create(
        actor=actor,
        program=personas.program,
        brand=personas.brand_a.organisation,
        title="Matrix agreement",
        effective_from=clock.today(),
    )
    agreement_document_attach(actor=actor, agreement=agreement, filename="m.pdf", content=demo_pdf("Matrix", []))
    agreement.refresh_from_db()
    witness = agreement_signatory_save(
        actor=actor,
        agreement=agreement,
        organisation=personas.program.monitoring_body,
        role=SignatoryRole.WITNESS,
        signatory_name="Matrix Witness",
    )
    return {
        "agr_a": agreement.public_id,
        "agr_a_term": agreement.premium_terms.get().public_id,
        "agr_a_witness": witness.public_id,
    }
