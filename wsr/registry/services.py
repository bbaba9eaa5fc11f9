"""Writes to the registry: organisations, facilities, participation, sourcing.

Participation and facility coverage are public facts in WSR (who takes part, and where), so they
also go to the program's transparency log. Facility-list imports live in ``importing/``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction

from wsr.accounts.models import Organisation
from wsr.accounts.roles import OrgKind
from wsr.core import clock
from wsr.core.errors import ConcurrentChange, DomainError
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.core.transparency import transparency_append
from wsr.programs.models import Program
from wsr.registry.capabilities import RegistryCapability
from wsr.registry.errors import RegistryErrorCode
from wsr.registry.matching import facility_match_key, normalise_country, tidy_text
from wsr.registry.models import Facility, ParticipantKind, Participation, ProgramFacility, SourcingRelation

FACILITY_FIELDS = (
    "name",
    "name_local",
    "address",
    "country",
    "lat",
    "lng",
    "sectors",
    "product_types",
    "facility_types",
    "worker_count",
    "parent_company",
    "supplier",
)
ORGANISATION_FIELDS = ("name", "kind", "country", "address", "website")


def _coord(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def facility_public_summary(facility: Facility) -> dict[str, Any]:
    """The facts about a facility that WSR programs publish."""
    return {
        "facility": facility.public_id,
        "name": facility.name,
        "address": facility.address,
        "country": facility.country,
        "lat": _coord(facility.lat),
        "lng": _coord(facility.lng),
        "sectors": list(facility.sectors),
        "worker_band": facility.worker_band,
    }


def _clean_facility_fields(fields: dict[str, Any]) -> dict[str, Any]:
    data = dict(fields)
    for key in ("name", "name_local", "address", "parent_company"):
        if key in data:
            data[key] = tidy_text(data[key] or "")
    if "country" in data:
        code = normalise_country(data["country"] or "")
        if code is None:
            raise DomainError(
                f"Unknown country: {data['country']!r}. Use a country name or ISO code.",
                code=RegistryErrorCode.UNKNOWN_COUNTRY,
            )
        data["country"] = code
    if not data.get("name", "x") or not data.get("address", "x"):
        raise DomainError(
            "A facility needs a name and an address.", code=RegistryErrorCode.FACILITY_NAME_ADDRESS_MISSING
        )
    supplier = data.get("supplier")
    if supplier is not None and supplier.kind != OrgKind.SUPPLIER:
        raise DomainError(
            "The owner of a facility must be a supplier company.", code=RegistryErrorCode.OWNER_NOT_SUPPLIER
        )
    if (data.get("lat") is None) != (data.get("lng") is None):
        raise DomainError(
            "Give both latitude and longitude, or neither.", code=RegistryErrorCode.COORDINATES_INCOMPLETE
        )
    for key, limit in (("lat", 90), ("lng", 180)):
        if data.get(key) is not None:
            value = Decimal(str(data[key])).quantize(Decimal("0.000001"))
            if not -limit <= value <= limit:
                raise DomainError(
                    f"{'Latitude' if key == 'lat' else 'Longitude'} must be between -{limit} and {limit}.",
                    code=RegistryErrorCode.COORDINATE_OUT_OF_RANGE,
                )
            data[key] = value
    return data


def facility_create(
    *, actor: Actor, program: Program, fields: dict[str, Any], since: dt.date | None = None
) -> Facility:
    actor.require(RegistryCapability.EDIT, program.pk)
    data = _clean_facility_fields(fields)
    with transaction.atomic():
        facility = Facility(**data)
        facility.match_key = facility_match_key(facility.name, facility.address, facility.country)
        facility.save()
        ProgramFacility.objects.create(program=program, facility=facility, since=since or clock.today())
        event_record(
            actor=actor, obj=facility, verb="facility_created", after=program.slug, program_public_id=program.public_id
        )
        transparency_append(
            stream=program.log_stream,
            kind="facility_covered",
            payload={"program": program.public_id, **facility_public_summary(facility)},
        )
    return facility


def facility_update(*, actor: Actor, facility: Facility, fields: dict[str, Any], reason: str = "") -> Facility:
    program_ids = set(facility.program_links.values_list("program_id", flat=True))
    if not program_ids & actor.program_ids_with(RegistryCapability.EDIT):
        actor.require(RegistryCapability.EDIT, -1)
    unknown = set(fields) - set(FACILITY_FIELDS)
    if unknown:
        raise DomainError(
            f"Not a facility field: {', '.join(sorted(unknown))}", code=RegistryErrorCode.NOT_A_FACILITY_FIELD
        )
    data = _clean_facility_fields({**{k: getattr(facility, k) for k in ("name", "address", "country")}, **fields})
    changes = {k: v for k, v in data.items() if getattr(facility, k) != v}
    if not changes:
        return facility
    before = {k: str(getattr(facility, k)) for k in changes}
    with transaction.atomic():
        new_key = facility_match_key(
            changes.get("name", facility.name),
            changes.get("address", facility.address),
            changes.get("country", facility.country),
        )
        moved = Facility.objects.filter(pk=facility.pk, updated_at=facility.updated_at).update(
            **changes, match_key=new_key, updated_at=clock.now()
        )
        if moved != 1:
            raise ConcurrentChange("facility")
        facility.refresh_from_db()
        event_record(
            actor=actor,
            obj=facility,
            verb="facility_updated",
            reason=reason,
            data={"changes": {k: {"before": before[k], "after": str(getattr(facility, k))} for k in changes}},
        )
        public = {"name", "address", "country", "lat", "lng", "sectors", "worker_count"}
        if public & set(changes):
            for link in facility.program_links.select_related("program"):
                transparency_append(
                    stream=link.program.log_stream,
                    kind="facility_updated",
                    payload={"program": link.program.public_id, **facility_public_summary(facility)},
                )
    return facility


def organisation_create(
    *, actor: Actor, program: Program, fields: dict[str, Any], since: dt.date | None = None
) -> Organisation:
    """Register a brand or supplier company and add it to the program."""
    actor.require(RegistryCapability.EDIT, program.pk)
    kind = fields.get("kind")
    if kind not in (OrgKind.BRAND, OrgKind.SUPPLIER):
        raise DomainError(
            "Only brands and supplier companies join a program from the registry.",
            code=RegistryErrorCode.KIND_CANNOT_JOIN,
        )
    data = {k: v for k, v in fields.items() if k in ORGANISATION_FIELDS}
    data["name"] = tidy_text(data.get("name", ""))
    if not data["name"]:
        raise DomainError("An organisation needs a name.", code=RegistryErrorCode.ORGANISATION_NAME_MISSING)
    if data.get("country"):
        code = normalise_country(data["country"])
        if code is None:
            raise DomainError(f"Unknown country: {data['country']!r}.", code=RegistryErrorCode.UNKNOWN_COUNTRY)
        data["country"] = code
    try:
        with transaction.atomic():
            org = Organisation.objects.create(**data)
            event_record(
                actor=actor, obj=org, verb="organisation_created", after=str(kind), program_public_id=program.public_id
            )
            participation_add(actor=actor, program=program, organisation=org, since=since or clock.today())
    except IntegrityError as exc:
        raise DomainError(
            f"A {kind} named {data['name']!r} is already registered.",
            code=RegistryErrorCode.ORGANISATION_ALREADY_REGISTERED,
        ) from exc
    return org


def organisation_update(*, actor: Actor, organisation: Organisation, fields: dict[str, Any]) -> Organisation:
    program_ids = set(organisation.participations.values_list("program_id", flat=True))
    if not program_ids & actor.program_ids_with(RegistryCapability.EDIT):
        actor.require(RegistryCapability.EDIT, -1)
    data = {k: v for k, v in fields.items() if k in ORGANISATION_FIELDS and k != "kind"}
    if "name" in data:
        data["name"] = tidy_text(data["name"])
        if not data["name"]:
            raise DomainError("An organisation needs a name.", code=RegistryErrorCode.ORGANISATION_NAME_MISSING)
    changes = {k: v for k, v in data.items() if getattr(organisation, k) != v}
    if not changes:
        return organisation
    with transaction.atomic():
        before = {k: str(getattr(organisation, k)) for k in changes}
        Organisation.objects.filter(pk=organisation.pk).update(**changes)
        organisation.refresh_from_db()
        event_record(
            actor=actor,
            obj=organisation,
            verb="organisation_updated",
            data={"changes": {k: {"before": before[k], "after": str(v)} for k, v in changes.items()}},
        )
    return organisation


def participation_add(*, actor: Actor, program: Program, organisation: Organisation, since: dt.date) -> Participation:
    actor.require(RegistryCapability.EDIT, program.pk)
    kind = {OrgKind.BRAND: ParticipantKind.BRAND, OrgKind.SUPPLIER: ParticipantKind.SUPPLIER}.get(
        OrgKind(organisation.kind)
    )
    if kind is None:
        raise DomainError(
            "Only brands and supplier companies participate in a program.",
            code=RegistryErrorCode.KIND_CANNOT_PARTICIPATE,
        )
    with transaction.atomic():
        participation, created = Participation.objects.get_or_create(
            program=program, organisation=organisation, kind=kind, defaults={"since": since}
        )
        if not created:
            raise DomainError(
                f"{organisation.name} already takes part in {program.name}.",
                code=RegistryErrorCode.ALREADY_PARTICIPATES,
            )
        event_record(
            actor=actor,
            obj=participation,
            verb="participation_started",
            after=kind,
            program_public_id=program.public_id,
        )
        transparency_append(
            stream=program.log_stream,
            kind="participation_started",
            payload={
                "program": program.public_id,
                "organisation": organisation.public_id,
                "name": organisation.name,
                "role": str(kind),
                "since": since.isoformat(),
            },
        )
    return participation


def sourcing_add(
    *, actor: Actor, program: Program, brand: Organisation, facility: Facility, since: dt.date
) -> SourcingRelation:
    actor.require(RegistryCapability.EDIT, program.pk)
    if brand.kind != OrgKind.BRAND:
        raise DomainError("Only a brand sources from a facility.", code=RegistryErrorCode.ONLY_BRAND_SOURCES)
    with transaction.atomic():
        relation, created = SourcingRelation.objects.get_or_create(
            program=program, brand=brand, facility=facility, defaults={"since": since}
        )
        if created:
            event_record(actor=actor, obj=relation, verb="sourcing_started", program_public_id=program.public_id)
    return relation


def program_facility_add(*, actor: Actor, program: Program, facility: Facility, since: dt.date) -> ProgramFacility:
    """Cover an already-registered facility in another program (it keeps its identity)."""
    actor.require(RegistryCapability.EDIT, program.pk)
    with transaction.atomic():
        link, created = ProgramFacility.objects.get_or_create(
            program=program, facility=facility, defaults={"since": since}
        )
        if not created:
            raise DomainError(
                f"{facility.name} is already covered by {program.name}.", code=RegistryErrorCode.ALREADY_COVERED
            )
        event_record(
            actor=actor, obj=facility, verb="facility_covered", after=program.slug, program_public_id=program.public_id
        )
        transparency_append(
            stream=program.log_stream,
            kind="facility_covered",
            payload={"program": program.public_id, **facility_public_summary(facility)},
        )
    return link
