"""Public reads. Only public facts: names, places, participation, rules. Never personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q

from wsr.accounts.models import Organisation
from wsr.programs.models import Program
from wsr.programs.selectors import programs_public


@dataclass(frozen=True)
class PublicProgram:
    program: Program
    brand_count: int
    supplier_count: int
    facility_count: int


def public_programs() -> list[PublicProgram]:
    qs = programs_public().annotate(
        brands=Count(
            "participations", filter=Q(participations__kind="brand", participations__until__isnull=True), distinct=True
        ),
        suppliers=Count(
            "participations",
            filter=Q(participations__kind="supplier", participations__until__isnull=True),
            distinct=True,
        ),
        facilities=Count("program_facilities", filter=Q(program_facilities__until__isnull=True), distinct=True),
    )
    return [PublicProgram(p, p.brands, p.suppliers, p.facilities) for p in qs]  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PublicBrand:
    """A participating brand and whether a signed agreement binds it (the public is told when not)."""

    organisation: Organisation
    since: object
    bound: bool  # a signed or active agreement with the worker organisation

    @property
    def name(self) -> str:
        return self.organisation.name


def public_brands(program: Program) -> list[PublicBrand]:
    from wsr.agreements.models import Agreement
    from wsr.agreements.transitions import BINDING

    rows = program.participations.filter(kind="brand").select_related("organisation").order_by("organisation__name")
    bound = set(Agreement.objects.filter(program=program, status__in=list(BINDING)).values_list("brand_id", flat=True))
    return [PublicBrand(r.organisation, r.since, r.organisation_id in bound) for r in rows]


@dataclass(frozen=True)
class PublicAgreement:
    """A signatory brand as the public sees it: no names of people, terms only if marked public."""

    brand_name: str
    public_id: str
    version: int
    status: str
    status_label: str
    signed_on: object
    effective_from: object
    effective_until: object
    document_sha256: str
    terms: list[str] | None
    source_only_good_standing: bool | None
    fund_remediation: bool | None


def public_signatories(program: Program) -> list[PublicAgreement]:
    """Signed and active agreements of the program (the newest binding version per brand chain)."""
    from wsr.agreements.models import Agreement
    from wsr.agreements.transitions import BINDING

    rows = (
        Agreement.objects.filter(program=program, status__in=list(BINDING))
        .select_related("brand")
        .prefetch_related("premium_terms")
        .order_by("brand__name", "-version")
    )
    result = []
    for a in rows:
        public = a.terms_public
        result.append(
            PublicAgreement(
                brand_name=a.brand.name,
                public_id=a.public_id,
                version=a.version,
                status=a.status,
                status_label=a.status_label,
                signed_on=a.signed_on,
                effective_from=a.effective_from,
                effective_until=a.effective_until,
                document_sha256=a.document_sha256,
                terms=[
                    t.describe() + (f" ({', '.join(t.products)})" if t.products else "") for t in a.premium_terms.all()
                ]
                if public
                else None,
                source_only_good_standing=a.source_only_good_standing if public else None,
                fund_remediation=a.fund_remediation if public else None,
            )
        )
    return result
