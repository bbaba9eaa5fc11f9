from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from wsr.api.pagination import Pagination
from wsr.api.security import api_actor, bearer_or_session
from wsr.programs.models import Program
from wsr.registry.models import Facility
from wsr.registry.selectors import facilities_for_actor, facility_get_for_actor

router = Router(auth=bearer_or_session())


class FacilityOut(Schema):
    public_id: str
    name: str
    name_local: str
    address: str
    country: str
    lat: str | None
    lng: str | None
    sectors: list[str]
    product_types: list[str]
    facility_types: list[str]
    worker_count: int | None
    worker_band: str
    parent_company: str
    supplier: str | None

    @staticmethod
    def resolve_lat(obj: Facility) -> str | None:
        return None if obj.lat is None else str(obj.lat)

    @staticmethod
    def resolve_lng(obj: Facility) -> str | None:
        return None if obj.lng is None else str(obj.lng)

    @staticmethod
    def resolve_supplier(obj: Facility) -> str | None:
        return obj.supplier.public_id if obj.supplier else None


@router.get("/facilities", response=list[FacilityOut], summary="Facilities you may see (scoped by role)")
@paginate(Pagination)
def list_facilities(request: HttpRequest, program: str = "", q: str = "", country: str = "") -> QuerySet[Facility]:
    actor = api_actor(request)
    prog = Program.objects.filter(slug=program).first() if program else None
    if program and prog is None:
        return Facility.objects.none()
    return facilities_for_actor(actor=actor, program=prog, query=q[:200], country=country[:2])


@router.get("/facilities/{public_id}", response=FacilityOut, summary="One facility (scoped by role)")
def get_facility(request: HttpRequest, public_id: str) -> Facility:
    return facility_get_for_actor(actor=api_actor(request), public_id=public_id)
