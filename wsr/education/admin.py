"""Education in the admin: read-only. Sessions are recorded and materials published on the pages
(services), so that every change has its event and, when public, its transparency entry."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from wsr.education.models import Material, MaterialVersion, Session


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ("public_id", "program", "facility", "held_on", "kind", "on_the_clock", "attendees", "new_workers")
    list_filter = ("program", "kind", "on_the_clock", "language")
    search_fields = ("public_id", "facility__name")
    date_hierarchy = "held_on"


class MaterialVersionInline(admin.TabularInline):
    model = MaterialVersion
    extra = 0
    can_delete = False
    fields = ("public_id", "language", "number", "title", "status", "file_kind", "file_sha256", "published_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Material)
class MaterialAdmin(ReadOnlyAdmin):
    list_display = ("name", "program", "category", "public_id")
    list_filter = ("program", "category")
    search_fields = ("name", "public_id")
    inlines = [MaterialVersionInline]
