"""Demo part: binding agreements between each program's worker organisation and its brands.

Built through the services as the program admins ("admin", "gs-admin"): signed and active
agreements with their premium terms and a small generated PDF each, one draft still being
negotiated, and one agreement amended (version 1 expired, superseded by version 2).
Names of people are invented.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from wsr.accounts.models import Organisation, User
from wsr.accounts.selectors import actor_for_user
from wsr.agreements.models import Agreement, ReportingCadence, SignatoryRole
from wsr.agreements.services import (
    agreement_amend,
    agreement_document_attach,
    agreement_draft_create,
    agreement_draft_update,
    agreement_sign,
    agreement_signatory_save,
    agreement_term_add,
    agreement_term_remove,
)
from wsr.core.permissions import Actor
from wsr.programs.models import PremiumKind, Program


def demo_pdf(title: str, lines: list[str]) -> bytes:
    """A minimal valid one-page PDF (Helvetica text), with a correct cross-reference table."""

    def esc(text: str) -> str:
        return (
            text.encode("latin-1", "replace")
            .decode("latin-1")
            .replace("\\", "\\\\")
            .replace("(", "\\(")
            .replace(")", "\\)")
        )

    rows = [title, "", *lines]
    stream = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(f"({esc(r)}) '" for r in rows) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        "/Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream.encode('latin-1'))} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1")
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode("latin-1")
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode("latin-1")
    return bytes(out)


def _premium(actor: Actor, agreement: Agreement, terms: list[dict[str, Any]]) -> None:
    for existing in agreement.premium_terms.all():
        agreement_term_remove(actor=actor, agreement=agreement, term_public_id=existing.public_id)
    for fields in terms:
        agreement_term_add(actor=actor, agreement=agreement, currency=agreement.program.currency, **fields)


def _sign(
    actor: Actor, agreement: Agreement, worker_signer: tuple[str, str], brand_signer: tuple[str, str], on: dt.date
) -> Agreement:
    program = agreement.program
    for org, (name, title) in ((program.worker_organisation, worker_signer), (agreement.brand, brand_signer)):
        agreement_signatory_save(
            actor=actor, agreement=agreement, organisation=org, signatory_name=name, signatory_title=title, signed_on=on
        )
    lines = [
        f"Between {program.worker_organisation.name} and {agreement.brand.name}",
        f"Version {agreement.version}, effective {agreement.effective_from.isoformat()}",
        *[f"Premium: {t.describe()} {', '.join(t.products)}" for t in agreement.premium_terms.all()],
        "The buyer sources only from suppliers in good standing under the Code of Conduct.",
        f"Signed on {on.isoformat()} by {worker_signer[0]} and {brand_signer[0]}.",
    ]
    agreement_document_attach(
        actor=actor,
        agreement=agreement,
        filename=f"{agreement.public_id}.pdf",
        content=demo_pdf(agreement.title, lines),
    )
    return agreement_sign(actor=actor, agreement=agreement)


def _actor(username: str) -> Actor:
    return actor_for_user(User.objects.get(username=username))


def build(password: str) -> None:
    _build_agriculture()
    _build_garment()


def _build_agriculture() -> None:
    program = Program.objects.get(slug="fair-harvest")
    actor = _actor("admin")
    brand = {o.name: o for o in Organisation.objects.filter(participations__program=program, kind="brand")}
    coalition_signer = ("Rosa Alvarado", "Co-director")
    tomatoes = ["Tomatoes"]
    penny = {"kind": PremiumKind.PER_UNIT, "amount_minor_per_unit": 1, "unit": "lb"}

    # Harvest Table Foods: signed in 2012, amended in 2024 to cover peppers and strawberries.
    htf = agreement_draft_create(
        actor=actor,
        program=program,
        brand=brand["Harvest Table Foods"],
        title="Fair Harvest Agreement – Harvest Table Foods",
        effective_from=dt.date(2012, 3, 1),
        reporting_cadence=ReportingCadence.MONTHLY,
        with_program_premium=False,
    )
    _premium(actor, htf, [{**penny, "products": tomatoes}])
    _sign(actor, htf, coalition_signer, ("Mark Ellison", "VP Sourcing"), dt.date(2012, 2, 20))
    v2 = agreement_amend(actor=actor, agreement=htf, reason="Extend the premium to peppers and strawberries")
    agreement_draft_update(actor=actor, agreement=v2, fields={"effective_from": dt.date(2024, 11, 1)})
    _premium(actor, v2, [{**penny, "products": ["Tomatoes", "Bell peppers", "Strawberries"]}])
    _sign(actor, v2, coalition_signer, ("Dana Whitfield", "Chief Procurement Officer"), dt.date(2024, 10, 15))

    for name, since, signer, terms, public in [
        (
            "GreenBasket Markets",
            dt.date(2015, 2, 9),
            ("Helen Park", "SVP Produce"),
            [{**penny, "products": tomatoes}],
            False,
        ),
        (
            "Sunshine Burger Co.",
            dt.date(2013, 6, 1),
            ("Gregory Stone", "Director of Supply Chain"),
            [{"kind": PremiumKind.PER_UNIT, "amount_minor_per_unit": 32, "unit": "32-lb bucket", "products": tomatoes}],
            True,
        ),
        (
            "Coastline Grocers",
            dt.date(2019, 1, 15),
            ("Maria Santos", "Head of Sourcing"),
            [{**penny, "products": ["Tomatoes", "Cucumbers", "Squash"]}],
            False,
        ),
    ]:
        agreement = agreement_draft_create(
            actor=actor,
            program=program,
            brand=brand[name],
            title=f"Fair Harvest Agreement – {name}",
            effective_from=since,
            reporting_cadence=ReportingCadence.MONTHLY,
            terms_public=public,
            with_program_premium=False,
        )
        _premium(actor, agreement, terms)
        _sign(actor, agreement, coalition_signer, signer, since - dt.timedelta(days=14))

    # Still being negotiated: a draft with the default premium and one signatory named.
    draft = agreement_draft_create(
        actor=actor,
        program=program,
        brand=brand["Fresh Fork Restaurants"],
        title="Fair Harvest Agreement – Fresh Fork Restaurants",
        effective_from=dt.date(2027, 1, 1),
        reporting_cadence=ReportingCadence.QUARTERLY,
    )
    agreement_signatory_save(
        actor=actor,
        agreement=draft,
        organisation=program.worker_organisation,
        signatory_name=coalition_signer[0],
        signatory_title=coalition_signer[1],
    )


def _build_garment() -> None:
    program = Program.objects.get(slug="garment-safety")
    actor = _actor("gs-admin")
    unions_signer = ("Sabine Keller", "General Secretary")
    for org, signer, bp in [
        (Organisation.objects.get(name="Northwind Apparel"), ("Anna Lindqvist", "Head of Sustainability"), 50),
        (Organisation.objects.get(name="Lumen Retail Group"), ("Jonas Weber", "Chief Sourcing Officer"), 50),
        (Organisation.objects.get(name="Kestrel Sportswear"), ("Oliver Grant", "Director of Compliance"), 75),
    ]:
        since = program.participations.get(organisation=org, kind="brand").since
        agreement = agreement_draft_create(
            actor=actor,
            program=program,
            brand=org,
            title=f"Garment Safety Accord – {org.name}",
            effective_from=since,
            effective_until=dt.date(2028, 12, 31),
            reporting_cadence=ReportingCadence.QUARTERLY,
            fund_remediation=True,
            remediation_terms="Contributes to remediation costs where a supplier cannot pay, and keeps orders "
            "at remediating factories.",
            terms_public=True,
            with_program_premium=False,
        )
        _premium(actor, agreement, [{"kind": PremiumKind.PERCENT, "basis_points": bp, "products": ["Apparel"]}])
        # The secretariat witnesses the signature.
        agreement_signatory_save(
            actor=actor,
            agreement=agreement,
            organisation=program.monitoring_body,
            role=SignatoryRole.WITNESS,
            signatory_name="Tariq Rahman",
            signatory_title="Executive Director",
            signed_on=since - dt.timedelta(days=10),
        )
        _sign(actor, agreement, unions_signer, signer, since - dt.timedelta(days=10))
