"""factory_boy factories for the foundation objects. Later domains add theirs beside these."""

from __future__ import annotations

import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from wsr.accounts.models import Membership, Organisation, User
from wsr.accounts.roles import OrgKind
from wsr.programs.models import Program, Sector
from wsr.registry.matching import facility_match_key
from wsr.registry.models import Facility, Participation, ProgramFacility, SourcingRelation

TEST_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = OrgKind.BRAND
    country = "US"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))
    organisation = factory.SubFactory(OrganisationFactory)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    slug = factory.Sequence(lambda n: f"program-{n}")
    name = factory.Sequence(lambda n: f"Program {n}")
    sector = Sector.AGRICULTURE
    countries = ["US"]
    languages = ["en", "es", "ht"]
    currency = "USD"
    worker_organisation = factory.SubFactory(OrganisationFactory, kind=OrgKind.WORKER_ORG)
    monitoring_body = factory.SubFactory(OrganisationFactory, kind=OrgKind.MONITORING_BODY)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    role = "program_admin"


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Sunrise Farm {n}")
    address = factory.Sequence(lambda n: f"{n} County Road, Immokalee, FL")
    country = "US"
    lat = "26.418900"
    lng = "-81.417300"
    sectors = ["Agriculture"]
    worker_count = 250
    match_key = factory.LazyAttribute(lambda f: facility_match_key(f.name, f.address, f.country))


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation

    program = factory.SubFactory(ProgramFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    kind = "brand"
    since = dt.date(2024, 1, 1)


class ProgramFacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramFacility

    program = factory.SubFactory(ProgramFactory)
    facility = factory.SubFactory(FacilityFactory)
    since = dt.date(2024, 1, 1)


class SourcingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SourcingRelation

    program = factory.SubFactory(ProgramFactory)
    brand = factory.SubFactory(OrganisationFactory)
    facility = factory.SubFactory(FacilityFactory)
    since = dt.date(2024, 1, 1)
