"""The Django admin for accounts: pages render; API tokens are read-only and revocable."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from tests.accounts.helpers import events_for
from tests.conftest import login
from tests.factories import TEST_PASSWORD
from wsr.accounts.models import ApiToken, User
from wsr.accounts.tokens import api_token_issue


def _admin_client() -> Client:
    root = User.objects.create_superuser(username="root", email="root@example.org", password=TEST_PASSWORD)
    return login(Client(), root)


def test_admin_lists_and_change_pages_render(personas):
    client = _admin_client()
    api_token_issue(user=personas.brand_a)

    pages = [
        reverse("admin:accounts_organisation_changelist"),
        reverse("admin:accounts_user_changelist"),
        reverse("admin:accounts_user_change", args=[personas.brand_a.pk]),
        reverse("admin:accounts_user_add"),
        reverse("admin:accounts_membership_changelist"),
        reverse("admin:accounts_apitoken_changelist"),
    ]

    for url in pages:
        assert client.get(url).status_code == 200, url
    user_page = client.get(reverse("admin:accounts_user_change", args=[personas.brand_a.pk])).content.decode()
    assert 'name="organisation"' in user_page
    assert 'name="preferred_language"' in user_page


def test_api_tokens_cannot_be_added_or_edited_in_the_admin(personas):
    client = _admin_client()
    token = api_token_issue(user=personas.brand_a)
    row = ApiToken.objects.get(user=personas.brand_a)

    add = client.get(reverse("admin:accounts_apitoken_add"))
    change = client.get(reverse("admin:accounts_apitoken_change", args=[row.pk]))

    assert add.status_code == 403
    assert change.status_code == 200
    html = change.content.decode()
    assert token not in html
    assert 'name="digest"' not in html


def test_admin_action_revokes_tokens_and_records_events(personas):
    client = _admin_client()
    api_token_issue(user=personas.brand_a)
    row = ApiToken.objects.get(user=personas.brand_a)

    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [row.pk]},
    )

    assert response.status_code == 302
    row.refresh_from_db()
    assert row.revoked_at is not None
    event = events_for(personas.brand_a, "api_token_revoked").get()
    assert event.actor_label == "root"
