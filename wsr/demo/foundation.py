"""Demo part 1: organisations, two programs, brands, suppliers, facilities and people.

Figures follow DOMAIN.md: an agricultural program modelled on the Fair Food Program (US,
English/Spanish/Haitian Creole, a premium of 1 US cent per pound, seasons November to May) and a
garment-safety program modelled on the Bangladesh Accord (English/Bengali, factories around Dhaka
and Chattogram). Names are invented; places and coordinates are real towns.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from wsr.accounts.models import Organisation, User
from wsr.accounts.role_changes import membership_grant
from wsr.accounts.roles import OrgKind, Role
from wsr.accounts.selectors import actor_for_user
from wsr.core.events import event_record
from wsr.core.permissions import Actor
from wsr.programs.models import PremiumKind, Program, Sector
from wsr.programs.services import program_create, program_season_add
from wsr.registry.models import Facility
from wsr.registry.services import facility_create, organisation_create, sourcing_add

SYSTEM = Actor.system("demo loader")

AGRI_FARMS: list[dict[str, Any]] = [
    # supplier, name, address, lat, lng, workers, products
    {
        "supplier": "Sunridge Growers",
        "name": "Sunridge Farms – Immokalee",
        "address": "1400 N 15th St, Immokalee, FL 34142",
        "lat": "26.418900",
        "lng": "-81.417300",
        "workers": 1450,
        "products": ["Tomatoes", "Bell peppers"],
    },
    {
        "supplier": "Sunridge Growers",
        "name": "Sunridge Farms – Plant City",
        "address": "2102 W Baker St, Plant City, FL 33563",
        "lat": "28.018600",
        "lng": "-82.112900",
        "workers": 620,
        "products": ["Strawberries"],
    },
    {
        "supplier": "Palmetto Tomato Company",
        "name": "Palmetto Tomato – Homestead",
        "address": "28500 SW 187th Ave, Homestead, FL 33030",
        "lat": "25.468700",
        "lng": "-80.477600",
        "workers": 980,
        "products": ["Tomatoes"],
    },
    {
        "supplier": "Palmetto Tomato Company",
        "name": "Palmetto Tomato – Ruskin",
        "address": "5210 US-41, Ruskin, FL 33570",
        "lat": "27.720900",
        "lng": "-82.433200",
        "workers": 540,
        "products": ["Tomatoes", "Squash"],
    },
    {
        "supplier": "Blue Ridge Produce",
        "name": "Blue Ridge Produce – Moultrie",
        "address": "410 1st Ave SE, Moultrie, GA 31768",
        "lat": "31.179900",
        "lng": "-83.789100",
        "workers": 310,
        "products": ["Cucumbers", "Squash"],
    },
    {
        "supplier": "Carolina Sweet Growers",
        "name": "Carolina Sweet – Faison",
        "address": "110 W Center St, Faison, NC 28341",
        "lat": "35.115400",
        "lng": "-78.136400",
        "workers": 220,
        "products": ["Sweet potatoes"],
    },
    {
        "supplier": "Valle Verde Farms",
        "name": "Valle Verde – Salinas",
        "address": "1020 Abbott St, Salinas, CA 93901",
        "lat": "36.664300",
        "lng": "-121.640500",
        "workers": 2600,
        "products": ["Lettuce", "Strawberries"],
    },
    {
        "supplier": "Eastern Shore Harvest",
        "name": "Eastern Shore Harvest – Exmore",
        "address": "3300 Main St, Exmore, VA 23350",
        "lat": "37.531800",
        "lng": "-75.823000",
        "workers": 180,
        "products": ["Tomatoes"],
    },
]

GARMENT_AREAS = [
    ("Ashulia, Savar, Dhaka", "আশুলিয়া, সাভার, ঢাকা", 23.8986, 90.2735),
    ("Konabari, Gazipur", "কোনাবাড়ী, গাজীপুর", 24.0000, 90.3400),
    ("Tongi, Gazipur", "টঙ্গী, গাজীপুর", 23.8915, 90.4023),
    ("Fatullah, Narayanganj", "ফতুল্লা, নারায়ণগঞ্জ", 23.6400, 90.4870),
    ("Mirpur, Dhaka", "মিরপুর, ঢাকা", 23.8223, 90.3654),
    ("Chattogram EPZ, Chattogram", "চট্টগ্রাম ইপিজেড, চট্টগ্রাম", 22.2960, 91.7880),
]
GARMENT_GROUPS = [
    ("Dhaka Knit Composite Ltd", "ঢাকা নিট কম্পোজিট", ["Knit tops", "T-shirts"]),
    ("Gazipur Denim Mills", "গাজীপুর ডেনিম মিলস", ["Denim trousers"]),
    ("Narayanganj Sweaters Ltd", "নারায়ণগঞ্জ সোয়েটার্স", ["Sweaters"]),
    ("Chattogram Export Garments", "চট্টগ্রাম এক্সপোর্ট গার্মেন্টস", ["Woven shirts", "Outerwear"]),
]


def _org(name: str, kind: OrgKind, country: str, **extra: Any) -> Organisation:
    org = Organisation.objects.create(name=name, kind=kind, country=country, **extra)
    event_record(actor=SYSTEM, obj=org, verb="organisation_created", after=str(kind))
    return org


def _user(
    username: str, password: str, org: Organisation | None, first: str, last: str, lang: str = "en", **flags: Any
) -> User:
    user = User(
        username=username,
        first_name=first,
        last_name=last,
        email=f"{username}@demo.invalid",
        organisation=org,
        preferred_language=lang,
        **flags,
    )
    user.set_password(password)
    user.save()
    event_record(actor=SYSTEM, obj=user, verb="user_created")
    return user


def _member(user: User, program: Program, role: Role) -> None:
    # Through the service, like every role change: a readable line in the program's history.
    membership_grant(actor=SYSTEM, user=user, program=program, role=role, reason="demo")


def _loader(user: User, label: str) -> Actor:
    base = actor_for_user(user)
    return Actor(
        user=user,
        label=label,
        organisation_id=base.organisation_id,
        organisation_kind=base.organisation_kind,
        grants=base.grants,
    )


def build(password: str) -> None:
    _build_agriculture(password)
    _build_garment(password)
    _user("operator", password, None, "Platform", "Operator", is_superuser=True, is_staff=True)


def _build_agriculture(password: str) -> None:
    council = _org("Fair Harvest Standards Council", OrgKind.MONITORING_BODY, "US", address="Sarasota, Florida")
    coalition = _org("Coalition of Harvest Workers", OrgKind.WORKER_ORG, "US", address="Immokalee, Florida")
    audit_firm = _org("Independent Field Audits LLC", OrgKind.AUDIT_FIRM, "US")
    program = program_create(
        actor=SYSTEM,
        fields={
            "slug": "fair-harvest",
            "name": "Fair Harvest Program",
            "sector": Sector.AGRICULTURE,
            "description": "Farmworkers' rights in US fresh produce: a Code written by farmworkers, a premium of "
            "one cent per pound paid by buyers, and on-farm education and audits.",
            "countries": ["US"],
            "languages": ["en", "es", "ht"],
            "currency": "USD",
            "worker_organisation": coalition,
            "monitoring_body": council,
            "premium_kind": PremiumKind.PER_UNIT,
            "premium_minor_per_unit": 1,
            "premium_unit": "lb",
        },
    )

    admin = _user("admin", password, council, "Laura", "Germino")
    _member(admin, program, Role.PROGRAM_ADMIN)
    _member(_user("investigator", password, council, "Marisol", "Reyes", "es"), program, Role.INVESTIGATOR)
    _member(_user("auditor", password, audit_firm, "Daniel", "Okafor"), program, Role.AUDITOR)
    _member(_user("workerorg", password, coalition, "Jean-Baptiste", "Pierre", "ht"), program, Role.WORKER_ORG_STAFF)
    actor = _loader(admin, "Demo loader (as program admin)")
    for name, start, end in [
        ("2025-26", dt.date(2025, 11, 1), dt.date(2026, 5, 31)),
        ("2026-27", dt.date(2026, 11, 1), dt.date(2027, 5, 31)),
    ]:
        program_season_add(actor=actor, program=program, name=name, starts_on=start, ends_on=end)

    brands = {}
    for name, since in [
        ("Harvest Table Foods", dt.date(2012, 3, 1)),
        ("GreenBasket Markets", dt.date(2015, 2, 9)),
        ("Sunshine Burger Co.", dt.date(2013, 6, 1)),
        ("Coastline Grocers", dt.date(2019, 1, 15)),
        ("Fresh Fork Restaurants", dt.date(2021, 9, 1)),
    ]:
        brands[name] = organisation_create(
            actor=actor, program=program, since=since, fields={"name": name, "kind": OrgKind.BRAND, "country": "US"}
        )
    suppliers = {}
    for farm in AGRI_FARMS:
        if farm["supplier"] not in suppliers:
            suppliers[farm["supplier"]] = organisation_create(
                actor=actor,
                program=program,
                since=dt.date(2011, 11, 1),
                fields={"name": farm["supplier"], "kind": OrgKind.SUPPLIER, "country": "US"},
            )
    facilities: dict[str, Facility] = {}
    for farm in AGRI_FARMS:
        facilities[farm["name"]] = facility_create(
            actor=actor,
            program=program,
            since=dt.date(2011, 11, 1),
            fields={
                "name": farm["name"],
                "address": farm["address"],
                "country": "US",
                "lat": Decimal(farm["lat"]),
                "lng": Decimal(farm["lng"]),
                "sectors": ["Agriculture"],
                "product_types": farm["products"],
                "worker_count": farm["workers"],
                "parent_company": farm["supplier"],
                "supplier": suppliers[farm["supplier"]],
            },
        )
    sourcing = {
        "Harvest Table Foods": [
            "Sunridge Farms – Immokalee",
            "Sunridge Farms – Plant City",
            "Blue Ridge Produce – Moultrie",
        ],
        "GreenBasket Markets": ["Palmetto Tomato – Homestead", "Palmetto Tomato – Ruskin", "Carolina Sweet – Faison"],
        "Sunshine Burger Co.": ["Sunridge Farms – Immokalee", "Palmetto Tomato – Homestead", "Valle Verde – Salinas"],
        "Coastline Grocers": ["Eastern Shore Harvest – Exmore", "Valle Verde – Salinas"],
        "Fresh Fork Restaurants": ["Sunridge Farms – Plant City"],
    }
    for brand, farms in sourcing.items():
        for farm_name in farms:
            sourcing_add(
                actor=actor,
                program=program,
                brand=brands[brand],
                facility=facilities[farm_name],
                since=dt.date(2020, 11, 1),
            )

    for username, org_name, role, first, last in [
        ("brand-a", "Harvest Table Foods", Role.BRAND_USER, "Priya", "Natarajan"),
        ("brand-b", "GreenBasket Markets", Role.BRAND_USER, "Tom", "Becker"),
    ]:
        _member(_user(username, password, brands[org_name], first, last), program, role)
    for username, org_name, first, last in [
        ("supplier-x", "Sunridge Growers", "Carlos", "Mendoza"),
        ("supplier-y", "Palmetto Tomato Company", "Ruth", "Hollis"),
    ]:
        _member(_user(username, password, suppliers[org_name], first, last), program, Role.SUPPLIER_USER)


def _build_garment(password: str) -> None:
    secretariat = _org("Garment Safety Accord Secretariat", OrgKind.MONITORING_BODY, "BD", address="Gulshan, Dhaka")
    unions = _org("Global Garment Unions Alliance", OrgKind.WORKER_ORG, "CH", address="Geneva")
    program = program_create(
        actor=SYSTEM,
        fields={
            "slug": "garment-safety",
            "name": "Garment Safety Accord",
            "sector": Sector.GARMENT,
            "description": "Fire, electrical, structural and boiler safety in Bangladesh garment factories, "
            "with independent inspections, worker safety committees and a complaint mechanism.",
            "countries": ["BD"],
            "languages": ["en", "bn"],
            "currency": "USD",
            "worker_organisation": unions,
            "monitoring_body": secretariat,
            "premium_kind": PremiumKind.PERCENT,
            "premium_minor_per_unit": 0,
            "premium_unit": "",
            "premium_basis_points": 50,
            "escalation_stage1_days": 182,
            "interview_norm_percent": 10,
        },
    )
    admin = _user("gs-admin", password, secretariat, "Farhana", "Akter")
    _member(admin, program, Role.PROGRAM_ADMIN)
    _member(_user("gs-investigator", password, secretariat, "Rashed", "Karim", "bn"), program, Role.INVESTIGATOR)
    _member(_user("gs-workerorg", password, unions, "Nazma", "Begum", "bn"), program, Role.WORKER_ORG_STAFF)
    actor = _loader(admin, "Demo loader (as program admin)")
    program_season_add(
        actor=actor, program=program, name="2026", starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 12, 31)
    )
    brands = [
        organisation_create(
            actor=actor, program=program, since=since, fields={"name": name, "kind": OrgKind.BRAND, "country": country}
        )
        for name, country, since in [
            ("Northwind Apparel", "SE", dt.date(2013, 5, 15)),
            ("Lumen Retail Group", "DE", dt.date(2013, 5, 20)),
            ("Kestrel Sportswear", "GB", dt.date(2018, 6, 1)),
        ]
    ]
    rng = random.Random(2013)  # deterministic demo
    groups = []
    for name, name_bn, products in GARMENT_GROUPS:
        org = organisation_create(
            actor=actor,
            program=program,
            since=dt.date(2014, 1, 1),
            fields={"name": name, "kind": OrgKind.SUPPLIER, "country": "BD"},
        )
        groups.append((org, name_bn, products))
    for i in range(24):
        org, name_bn, products = groups[i % len(groups)]
        area, _area_bn, lat, lng = GARMENT_AREAS[i % len(GARMENT_AREAS)]
        unit = i // len(groups) + 1
        workers = rng.choice([450, 800, 1200, 2300, 3400, 5200, 7800, 11000])
        facility = facility_create(
            actor=actor,
            program=program,
            since=dt.date(2014, 1, 1),
            fields={
                "name": f"{org.name} – Unit {unit}",
                "name_local": f"{name_bn} – ইউনিট {unit}",
                "address": f"Plot {rng.randint(2, 240)}, {area}, Bangladesh",
                "country": "BD",
                "lat": Decimal(f"{lat + rng.uniform(-0.02, 0.02):.6f}"),
                "lng": Decimal(f"{lng + rng.uniform(-0.02, 0.02):.6f}"),
                "sectors": ["Apparel"],
                "product_types": products,
                "worker_count": workers,
                "parent_company": org.name,
                "supplier": org,
            },
        )
        for brand in rng.sample(brands, k=rng.randint(1, 2)):
            sourcing_add(actor=actor, program=program, brand=brand, facility=facility, since=dt.date(2014, 1, 1))
    _member(_user("gs-brand", password, brands[0], "Ingrid", "Larsson"), program, Role.BRAND_USER)
    _member(_user("gs-supplier", password, groups[0][0], "Abdul", "Hossain", "bn"), program, Role.SUPPLIER_USER)
