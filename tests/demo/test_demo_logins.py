"""What demo_logins says about each login, the password it prints, and the operator's home."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from tests.conftest import login
from wsr.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    settings.WSR_DEMO_PASSWORD = "from-the-environment"
    call_command("load_demo", stdout=StringIO())


def _logins() -> dict[str, dict]:
    out = StringIO()
    call_command("demo_logins", "--json", stdout=out)
    return json.loads(out.getvalue())


def test_json_prints_the_password_that_came_from_the_environment_later_too(demo, settings):
    settings.WSR_DEMO_PASSWORD = ""  # a later shell without the variable

    data = _logins()

    assert data["password"] == "from-the-environment"
    assert User.objects.get(username="admin").check_password(data["password"])


def test_descriptions_say_what_each_login_really_sees(demo):
    by_name = {row["username"]: row["sees"] for row in _logins()["logins"]}

    assert "land here next" not in by_name["investigator"]
    assert "complaint queue and case files" in by_name["investigator"]
    assert "every facility" not in by_name["auditor"]
    assert "opens no case file" in by_name["auditor"]


def test_operator_home_points_to_the_admin_site(demo):
    client = login(Client(), User.objects.get(username="operator"))

    home = client.get("/home/").content.decode()
    programs = client.get("/programs/").content.decode()

    for page in (home, programs):
        assert "Ask the program's monitoring body" not in page
        assert 'data-testid="platform-admin"' in page and "administration site" in page


def test_demo_roles_are_readable_lines_in_the_program_history(demo):
    client = login(Client(), User.objects.get(username="admin"))

    pages = []
    for number in range(1, 50):
        response = client.get(f"/programs/fair-harvest/history/?page={number}")
        pages.append(response.content.decode())
        if f"Page {number} of {number}</span>" in pages[-1]:
            break
    html = "".join(pages)

    assert "demo loader gave Marisol Reyes (investigator) the role Investigator." in html
    assert "gave  the role" not in html


def test_a_test_run_never_writes_the_demo_password_into_the_checkouts_var(settings, tmp_path, db):
    """`make test` before `make run` must not leave the tests' password for the real demo."""
    from wsr.demo.logins import demo_password

    settings.WSR_DEMO_PASSWORD = "password-of-a-test"
    demo_password(create=True)

    assert (tmp_path / "var" / "demo-password.txt").read_text() == "password-of-a-test"
    repo_file = Path(settings.BASE_DIR) / "var" / "demo-password.txt"
    assert not repo_file.exists() or repo_file.read_text() != "password-of-a-test"
