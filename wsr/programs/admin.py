from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from wsr.accounts.selectors import actor_for_user
from wsr.core.permissions import Actor
from wsr.programs.models import RULE_FIELDS, Program, ReportingSeason
from wsr.programs.services import RESERVED_SLUGS, program_create

CREATE_FIELDS = (
    "slug",
    "name",
    "sector",
    "description",
    "countries",
    "languages",
    "currency",
    "worker_organisation",
    "monitoring_body",
)


class SeasonInline(admin.TabularInline):
    model = ReportingSeason
    extra = 0
    can_delete = False
    readonly_fields = ("name", "starts_on", "ends_on")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    """Platform operators create programs here (through program_create, so the creation is an
    event and a transparency entry). Rules and seasons change on the program's own pages, by its
    admins, with a reason: here they are read-only."""

    list_display = ("name", "slug", "sector", "currency", "worker_organisation", "monitoring_body")
    search_fields = ("name", "slug")
    inlines = [SeasonInline]

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return CREATE_FIELDS if obj is None else ("public_id", *CREATE_FIELDS, *RULE_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return () if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change=change, **kwargs)
        if obj is None:

            class ReservedSlugForm(form):  # type: ignore[misc, valid-type]
                def clean_slug(self) -> str:
                    slug = str(self.cleaned_data["slug"])
                    if slug.lower() in RESERVED_SLUGS:
                        raise ValidationError(f"The address name '{slug}' is reserved; choose another slug.")
                    return slug

            return ReservedSlugForm
        return form

    def save_model(self, request: HttpRequest, obj: Program, form: Any, change: bool) -> None:
        base = actor_for_user(request.user)
        actor = Actor(user=request.user, label=f"{base.label} (platform admin)")
        created = program_create(actor=actor, fields={name: form.cleaned_data[name] for name in CREATE_FIELDS})
        obj.pk, obj.public_id = created.pk, created.public_id
