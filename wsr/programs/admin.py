from django.contrib import admin

from wsr.programs.models import RULE_FIELDS, Program, ReportingSeason


class SeasonInline(admin.TabularInline):
    model = ReportingSeason
    extra = 0


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "sector", "currency", "worker_organisation", "monitoring_body")
    search_fields = ("name", "slug")
    # Rules change only through program_rules_update (event + transparency log): read-only here.
    readonly_fields = ("public_id", *RULE_FIELDS)
    inlines = [SeasonInline]
