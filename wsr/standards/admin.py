"""Read-only admin: the Code changes only through the services (and their events)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wsr.standards.models import CodeVersion, Provision, ProvisionText


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ProvisionInline(admin.TabularInline):
    model = Provision
    extra = 0
    can_delete = False
    fields = ("ref", "category", "tier", "order", "public_id")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(CodeVersion)
class CodeVersionAdmin(ReadOnlyAdmin):
    list_display = ("program", "number", "title", "status", "approved_by_organisation", "effective_from")
    list_filter = ("program", "status")
    search_fields = ("public_id", "title")
    inlines = [ProvisionInline]


class ProvisionTextInline(admin.StackedInline):
    model = ProvisionText
    extra = 0
    can_delete = False
    readonly_fields = ("language", "title", "text")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Provision)
class ProvisionAdmin(ReadOnlyAdmin):
    list_display = ("version", "ref", "category", "tier")
    list_filter = ("category", "tier", "version__program")
    search_fields = ("ref", "public_id")
    inlines = [ProvisionTextInline]
