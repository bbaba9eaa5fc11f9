"""Django admin for organisations, users, memberships and API tokens.

API tokens are read-only here: only their SHA-256 digest exists, so nothing shown can be used
to call the API. Revoking goes through the accounts service (and leaves an event).

Roles and organisations change only through ``wsr.accounts.role_changes``: adding a membership
calls ``membership_grant`` (a self-grant, or a grant in a program where the superuser is not a
program admin, becomes a pending role grant another program admin confirms), memberships are
read-only and revoked by an action, a user's organisation moves through
``user_organisation_change``, and organisations are created and edited through their services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from wsr.accounts.models import ApiToken, Membership, Organisation, RoleGrant, User
from wsr.accounts.role_changes import (
    membership_grant,
    membership_grant_confirm,
    membership_grant_refuse,
    membership_revoke,
    organisation_create,
    organisation_update,
    user_organisation_change,
)
from wsr.accounts.selectors import actor_for_request
from wsr.accounts.services import api_tokens_revoke
from wsr.core.errors import DomainError


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "public_id", "created_at"]
    list_filter = ["kind", "country"]
    search_fields = ["name", "public_id"]

    def get_readonly_fields(self, request: HttpRequest, obj: Organisation | None = None) -> list[str]:
        # Roles hang on an organisation's kind: it is chosen once, at creation.
        return ["public_id", "created_at", "kind"] if obj else ["public_id", "created_at"]

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        actor = actor_for_request(request)
        if change:
            changes = {
                f: form.cleaned_data[f] for f in form.changed_data if f in ("name", "country", "address", "website")
            }
            organisation_update(actor=actor, organisation=obj, changes=changes)
            return
        created = organisation_create(
            actor=actor,
            name=obj.name,
            kind=obj.kind,
            country=obj.country,
            address=obj.address,
            website=obj.website,
        )
        obj.pk, obj.public_id, obj.created_at = created.pk, created.public_id, created.created_at


class MembershipInline(admin.TabularInline):
    """Read-only: roles are granted on the Membership page and revoked by its action."""

    model = Membership
    extra = 0
    fields = ["program", "role", "created_at"]
    readonly_fields = ["program", "role", "created_at"]

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


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

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        # The organisation moves through its service (event, history, roles it cannot hold revoked).
        new_org = obj.organisation
        old_org = User.objects.get(pk=obj.pk).organisation if change else None
        obj.organisation = old_org
        super().save_model(request, obj, form, change)
        if (new_org.pk if new_org else None) != (old_org.pk if old_org else None):
            try:
                revoked = user_organisation_change(actor=actor_for_request(request), user=obj, organisation=new_org)
            except DomainError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
                return
            if revoked:
                self.message_user(
                    request,
                    gettext("Roles the new organisation cannot hold were revoked: %(roles)s.")
                    % {"roles": ", ".join(revoked)},
                    messages.WARNING,
                )


class MembershipAddForm(forms.ModelForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )

    class Meta:
        model = Membership
        fields = ["user", "program", "role"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    """Adding grants a role through ``membership_grant``; existing rows are read-only and revoked
    by the action (which refuses to leave a program without a program admin)."""

    list_display = ["user", "program", "role", "created_at"]
    list_filter = ["role", "program"]
    list_select_related = ["user", "program"]
    search_fields = ["user__username", "user__email", "program__slug", "program__name"]
    autocomplete_fields = ["user"]
    form = MembershipAddForm
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: Membership | None = None) -> Any:
        return ["user", "program", "role", "created_at"] if obj else ["user", "program", "role", "reason"]

    def get_readonly_fields(self, request: HttpRequest, obj: Membership | None = None) -> list[str]:
        return ["user", "program", "role", "created_at"] if obj else []

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        try:
            result = membership_grant(
                actor=actor_for_request(request),
                user=obj.user,
                program=obj.program,
                role=obj.role,
                reason=form.cleaned_data.get("reason", ""),
            )
        except DomainError as exc:
            request._wsr_grant_refused = str(exc.message)  # type: ignore[attr-defined]
            return
        if isinstance(result, Membership):
            obj.pk, obj.created_at = result.pk, result.created_at
        else:
            request._wsr_grant_pending = result  # type: ignore[attr-defined]

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        return None  # nothing else to save: the service wrote the membership (or the pending grant)

    def log_addition(self, request: HttpRequest, obj: Any, message: Any) -> Any:
        if obj.pk is None:
            return None  # no membership was created; the grant is recorded as an event
        return super().log_addition(request, obj, message)

    def response_add(self, request: HttpRequest, obj: Membership, post_url_continue: str | None = None) -> HttpResponse:
        refused = getattr(request, "_wsr_grant_refused", None)
        if refused:
            self.message_user(request, refused, messages.ERROR)
            return HttpResponseRedirect(reverse("admin:accounts_membership_add"))
        pending = getattr(request, "_wsr_grant_pending", None)
        if pending is not None:
            self.message_user(
                request,
                gettext("The role is not given yet: another program admin of %(program)s must confirm this grant.")
                % {"program": pending.program.name},
                messages.WARNING,
            )
            return HttpResponseRedirect(reverse("admin:accounts_rolegrant_changelist"))
        return HttpResponseRedirect(reverse("admin:accounts_membership_changelist"))

    @admin.action(description=_("Revoke selected roles"), permissions=["view"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[Membership]) -> None:
        actor = actor_for_request(request)
        done = 0
        for membership in queryset:
            try:
                membership_revoke(actor=actor, membership_id=membership.pk)
            except DomainError as exc:
                self.message_user(request, str(exc.message), messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d role revoked.", "%(count)d roles revoked.", done) % {"count": done},
                messages.SUCCESS,
            )


@admin.register(RoleGrant)
class RoleGrantAdmin(admin.ModelAdmin):
    """Grants waiting for a second program admin. Read-only; decided by the actions (or the
    pending role grants page), which refuse a decision on one's own grant."""

    list_display = ["user", "program", "role", "status", "requested_label", "requested_at", "decided_label"]
    list_filter = ["status", "role", "program"]
    list_select_related = ["user", "program"]
    search_fields = ["user__username", "program__slug", "public_id"]
    readonly_fields = [
        "public_id",
        "user",
        "program",
        "role",
        "reason",
        "status",
        "requested_label",
        "requested_at",
        "decided_label",
        "decided_at",
    ]
    fields = tuple(readonly_fields)
    actions = ["confirm", "refuse"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset: QuerySet[RoleGrant], service: Any) -> int:
        actor = actor_for_request(request)
        done = 0
        for grant in queryset:
            try:
                service(actor=actor, grant_id=grant.public_id)
            except DomainError as exc:
                self.message_user(request, f"{grant}: {exc.message}", messages.ERROR)
            else:
                done += 1
        return done

    @admin.action(description=_("Confirm selected role grants"), permissions=["view"])
    def confirm(self, request: HttpRequest, queryset: QuerySet[RoleGrant]) -> None:
        done = self._decide(request, queryset, membership_grant_confirm)
        if done:
            self.message_user(request, gettext("%(count)d role grants confirmed.") % {"count": done}, messages.SUCCESS)

    @admin.action(description=_("Refuse selected role grants"), permissions=["view"])
    def refuse(self, request: HttpRequest, queryset: QuerySet[RoleGrant]) -> None:
        done = self._decide(request, queryset, membership_grant_refuse)
        if done:
            self.message_user(request, gettext("%(count)d role grants refused.") % {"count": done}, messages.SUCCESS)


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
