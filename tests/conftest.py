"""Shared fixtures: personas, clients logged in as each persona, settings for tests."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from tests.factories import (
    FacilityFactory,
    MembershipFactory,
    OrganisationFactory,
    ParticipationFactory,
    ProgramFacilityFactory,
    ProgramFactory,
    SourcingFactory,
    UserFactory,
)
from wsr.accounts.models import User
from wsr.accounts.roles import OrgKind, Role
from wsr.programs.models import Program
from wsr.registry.models import Facility

# Playwright + Chromium fixtures, defined once for every test package that drives a browser.
pytest_plugins = ["tests.browser.fixtures"]

# CI runs a fixed, reproducible set of examples; locally hypothesis explores.
hypothesis_settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.load_profile("ci" if os.environ.get("CI") == "true" else "dev")


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts in English: a language activated by one test must not leak into the next
    (management commands, for one, answer in the active language)."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Path) -> None:
    settings.WSR_TASK_BACKEND = "inline"
    settings.WSR_STRICT_EVENT_KINDS = True  # an event kind missing from wsr/core/catalogue.py fails the test
    settings.MEDIA_ROOT = tmp_path / "media"
    # Files a run keeps in var/ (the demo password) go to the test's own folder, never to the
    # checkout's var/ that `make run` reads afterwards.
    settings.VAR_DIR = tmp_path / "var"
    settings.VAR_DIR.mkdir()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@dataclass
class Personas:
    program: Program
    other_program: Program
    council_admin: User
    investigator: User
    auditor: User
    worker_org_staff: User
    brand_a: User
    brand_b: User
    supplier_x: User
    supplier_y: User
    facility_x: Facility  # supplier X's, sourced by brand A
    facility_y: Facility  # supplier Y's, sourced by brand B
    facility_elsewhere: Facility  # only in the other program

    def all_named(self) -> dict[str, User | None]:
        return {
            "council_admin": self.council_admin,
            "investigator": self.investigator,
            "auditor": self.auditor,
            "worker_org_staff": self.worker_org_staff,
            "brand_a": self.brand_a,
            "brand_b": self.brand_b,
            "supplier_x": self.supplier_x,
            "supplier_y": self.supplier_y,
            "public": None,
        }


PERSONA_NAMES = [
    "council_admin",
    "investigator",
    "auditor",
    "worker_org_staff",
    "brand_a",
    "brand_b",
    "supplier_x",
    "supplier_y",
    "public",
]


@pytest.fixture
def personas(db: Any) -> Personas:
    program = ProgramFactory(slug="fair-harvest", name="Fair Harvest Program")
    other = ProgramFactory(
        slug="garment-safety", name="Garment Safety Accord", sector="garment", countries=["BD"], languages=["en", "bn"]
    )
    council = program.monitoring_body
    audit_firm = OrganisationFactory(name="Independent Audits Ltd", kind=OrgKind.AUDIT_FIRM)
    brand_a_org = OrganisationFactory(name="Brand A Foods", kind=OrgKind.BRAND)
    brand_b_org = OrganisationFactory(name="Brand B Markets", kind=OrgKind.BRAND)
    supplier_x_org = OrganisationFactory(name="Supplier X Growers", kind=OrgKind.SUPPLIER)
    supplier_y_org = OrganisationFactory(name="Supplier Y Farms", kind=OrgKind.SUPPLIER)

    def member(username: str, org: Any, role: Role, prog: Program = program) -> User:
        user = UserFactory(username=username, organisation=org)
        MembershipFactory(user=user, program=prog, role=role)
        return user

    for org, kind in (
        (brand_a_org, "brand"),
        (brand_b_org, "brand"),
        (supplier_x_org, "supplier"),
        (supplier_y_org, "supplier"),
    ):
        ParticipationFactory(program=program, organisation=org, kind=kind)
    fx = FacilityFactory(name="Supplier X Farm One", supplier=supplier_x_org)
    fy = FacilityFactory(name="Supplier Y Farm One", supplier=supplier_y_org)
    fe = FacilityFactory(name="Dhaka Knit Composite", country="BD", address="Ashulia, Savar, Dhaka")
    for f in (fx, fy):
        ProgramFacilityFactory(program=program, facility=f)
    ProgramFacilityFactory(program=other, facility=fe)
    SourcingFactory(program=program, brand=brand_a_org, facility=fx)
    SourcingFactory(program=program, brand=brand_b_org, facility=fy)
    return Personas(
        program=program,
        other_program=other,
        council_admin=member("council-admin", council, Role.PROGRAM_ADMIN),
        investigator=member("investigator", council, Role.INVESTIGATOR),
        auditor=member("auditor", audit_firm, Role.AUDITOR),
        worker_org_staff=member("worker-org", program.worker_organisation, Role.WORKER_ORG_STAFF),
        brand_a=member("brand-a", brand_a_org, Role.BRAND_USER),
        brand_b=member("brand-b", brand_b_org, Role.BRAND_USER),
        supplier_x=member("supplier-x", supplier_x_org, Role.SUPPLIER_USER),
        supplier_y=member("supplier-y", supplier_y_org, Role.SUPPLIER_USER),
        facility_x=fx,
        facility_y=fy,
        facility_elsewhere=fe,
    )


def login(client: Client, user: User | None) -> Client:
    """Log a persona in as a finished, two-factor-verified session (anonymous if None)."""
    if user is None:
        return client
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="test", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


@pytest.fixture
def client_as(personas: Personas) -> Any:
    def make(name: str) -> Client:
        return login(Client(), personas.all_named()[name])

    return make
