"""Demo logins: who they are, and the password they share."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass

from django.conf import settings

from wsr.accounts.models import Membership, User

DEMO_USERNAMES = (
    "admin",
    "investigator",
    "auditor",
    "workerorg",
    "brand-a",
    "brand-b",
    "supplier-x",
    "supplier-y",
    "gs-admin",
    "gs-investigator",
    "gs-auditor",
    "gs-workerorg",
    "gs-brand",
    "gs-supplier",
    "operator",
)


def _password_file() -> str:
    return os.path.join(settings.VAR_DIR, "demo-password.txt")


def demo_password(*, create: bool = False) -> str:
    """WSR_DEMO_PASSWORD if set; else the one kept in var/ (generated on first load).

    The load keeps the password it used in var/ even when it came from WSR_DEMO_PASSWORD, so
    ``demo_logins`` run later without that variable still prints the real password.
    """
    path = _password_file()
    if settings.WSR_DEMO_PASSWORD:
        if create:
            _password_keep(path, str(settings.WSR_DEMO_PASSWORD))
        return str(settings.WSR_DEMO_PASSWORD)
    if os.path.exists(path):
        with open(path) as fh:
            return fh.read().strip()
    if not create:
        return ""
    password = "demo-" + secrets.token_urlsafe(9)
    _password_keep(path, password)
    return password


def _password_keep(path: str, password: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(password)


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    organisation: str
    organisation_kind: str
    programs: list[str]
    sees: str


_SEES = {
    "admin": "program admin: rules, registry, facility-list imports, complaint assignment, audits, "
    "agreements, role grants, history",
    "investigator": "monitoring staff: the complaint queue and case files (a worker's identity only after "
    "an approved disclosure), audits and corrective actions, education records, agreements, history",
    "auditor": "auditor from an audit firm: its program's facilities, audits and corrective actions "
    "(fieldwork and findings on the audits it is assigned), education records; enters complaints for "
    "workers but opens no case file",
    "workerorg": "worker organisation staff: program pages, participants, history",
    "brand-a": "a brand: only the facilities it sources from",
    "brand-b": "another brand: only its own facilities, never brand A's",
    "supplier-x": "a supplier company: only its own farms",
    "supplier-y": "another supplier: only its own farms",
    "gs-admin": "program admin of the garment-safety program",
    "gs-investigator": "monitoring staff of the garment-safety program",
    "gs-auditor": "a rostered engineer from an audit firm: fire, electrical and structural inspections",
    "gs-workerorg": "worker organisation (unions) staff in the garment-safety program",
    "gs-brand": "a garment brand",
    "gs-supplier": "a garment factory group",
    "operator": "platform superuser: Django admin only, no program rights (a program role it grants "
    "itself waits for a program admin of that program to confirm)",
}


def demo_logins() -> list[DemoLogin]:
    rows = []
    users = User.objects.filter(username__in=DEMO_USERNAMES).select_related("organisation")
    by_name = {u.username: u for u in users}
    for username in DEMO_USERNAMES:
        user = by_name.get(username)
        if user is None:
            continue
        memberships = list(Membership.objects.filter(user=user).select_related("program").order_by("program__slug"))
        role = ", ".join(sorted({m.role for m in memberships})) or ("platform_admin" if user.is_superuser else "")
        rows.append(
            DemoLogin(
                username=username,
                role=role,
                organisation=user.organisation.name if user.organisation else "",
                organisation_kind=user.organisation.kind if user.organisation else "",
                programs=sorted({m.program.slug for m in memberships}),
                sees=_SEES.get(username, ""),
            )
        )
    return rows
