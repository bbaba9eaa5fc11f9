"""Agreements in the admin: workflow fields read-only; changes go through the pages (services)."""

from django.contrib import admin

from wsr.agreements.models import Agreement, PremiumTerm, Signatory


class PremiumTermInline(admin.TabularInline):
    model = PremiumTerm
    extra = 0
    can_delete = False
    readonly_fields = ("public_id", "kind", "amount_minor_per_unit", "unit", "basis_points", "currency", "products")
    fields = readonly_fields


class SignatoryInline(admin.TabularInline):
    model = Signatory
    extra = 0
    can_delete = False
    readonly_fields = ("public_id", "organisation", "role", "signatory_name", "signatory_title", "signed_on")
    fields = readonly_fields


@admin.register(Agreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ("title", "brand", "program", "version", "status", "effective_from", "effective_until")
    list_filter = ("program", "status")
    search_fields = ("title", "public_id", "brand__name")
    inlines = [PremiumTermInline, SignatoryInline]
    readonly_fields = (
        "public_id",
        "program",
        "brand",
        "version",
        "previous",
        "status",
        "status_reason",
        "status_changed_at",
        "signed_on",
        "document",
        "document_sha256",
        "document_size",
        "document_uploaded_at",
        "created_at",
        "updated_at",
        "effective_from",
        "effective_until",
        "terms_public",
        "source_only_good_standing",
        "fund_remediation",
        "remediation_terms",
        "reporting_cadence",
        "title",
    )

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
