"""Access-matrix rows for the accounts pages (joined by tests/test_access_matrix.py).

The placeholder is a role grant opened by a platform superuser for a newcomer in the persona
program: only that program's admin may decide it.
"""

from __future__ import annotations

from typing import Any

from tests.access import expect, only

ROUTES: list[tuple[str, str, dict[str, int]]] = [
    ("GET", "/accounts/role-grants/", only(("council_admin",), others=403)),
    ("POST", "/accounts/role-grants/{rgr}/confirm/", only(("council_admin",), others=403, ok=302)),
    ("POST", "/accounts/role-grants/{rgr}/refuse/", only(("council_admin",), others=403, ok=302)),
    ("POST", "/accounts/role-grants/rgr_nosuchgrant0000/confirm/", only((), others=404)),
    ("GET", "/accounts/role-grants/{rgr}/confirm/", only((), others=405)),
    ("GET", "/favicon.ico", expect(200)),  # site-wide: the icon browsers ask for
]


def placeholders(personas: Any) -> dict[str, str]:
    from tests.factories import UserFactory
    from wsr.accounts.models import User
    from wsr.accounts.role_changes import membership_grant
    from wsr.accounts.roles import Role
    from wsr.accounts.selectors import actor_for_user

    operator = User.objects.create_superuser(username="matrix-operator", email="", password=None)
    newcomer = UserFactory(username="matrix-newcomer", organisation=personas.program.monitoring_body)
    grant = membership_grant(
        actor=actor_for_user(operator), user=newcomer, program=personas.program, role=Role.INVESTIGATOR
    )
    return {"rgr": grant.public_id}
