"""Django admin for organisations, users, memberships and API tokens.

API tokens are read-only here: only their SHA-256 digest exists, so nothing shown can be used
to call the API. Revoking goes through the accounts service (and leaves an event).
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from wsr.accounts.models import ApiToken, Membership, Organisation, User
from wsr.accounts.selectors import actor_for_request
from wsr.accounts.services import api_tokens_revoke


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "public_id", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "public_id"]
    readonly_fields = ["public_id", "created_at"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["program", "role", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "email", "organisation", "is_active", "is_staff", "is_superuser", "last_login"]
    list_filter = [*DjangoUserAdmin.list_filter, "organisation__kind"]
    list_select_related = ["organisation"]
    search_fields = ["username", "first_name", "last_name", "email", "organisation__name"]
    fieldsets = (
        *(DjangoUserAdmin.fieldsets or ()),
        (_("Organisation and language"), {"fields": ("organisation", "preferred_language")}),
    )
    add_fieldsets = (
        *DjangoUserAdmin.add_fieldsets,
        (_("Organisation"), {"fields": ("email", "organisation", "preferred_language")}),
    )
    autocomplete_fields = ["organisation"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "program", "role", "created_at"]
    list_filter = ["role", "program"]
    list_select_related = ["user", "program"]
    search_fields = ["user__username", "user__email", "program__slug", "program__name"]
    autocomplete_fields = ["user"]
    readonly_fields = ["created_at"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["user__username", "prefix"]
    fields = ["user", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "prefix", "digest", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A token is shown once when issued through the API; the admin never creates one.
        return False

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        count = api_tokens_revoke(actor=actor_for_request(request), token_ids=queryset.values_list("pk", flat=True))
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", count) % {"count": count},
            messages.SUCCESS,
        )
