"""The public program report pages: the seasons, one season's report (charts that are tables),
its PDF (wsr.core.pdf, fonts shipped for every program language) and its figures as CSV."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string

from wsr.core import clock
from wsr.core.csv_export import csv_lines
from wsr.core.i18n import page_language
from wsr.disclosure.report import (
    CSV_HEADER,
    program_report,
    report_rows,
    report_seasons,
    season_get_public,
    season_key,
)
from wsr.programs.selectors import program_get_public


def _filename(slug: str, key: str, ext: str) -> str:
    return f"{slug}-report-{key}.{ext}"


def report_index(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    seasons = [(s, season_key(s)) for s in report_seasons(program)]
    with page_language(request, request.GET.get("lang")):
        return render(request, "disclosure/report_index.html", {"program": program, "seasons": seasons})


def report_page(request: HttpRequest, slug: str, season: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    found = season_get_public(program=program, key=season)
    seasons = [(s, season_key(s)) for s in report_seasons(program)]
    with page_language(request, request.GET.get("lang")):
        report = program_report(program, found)
        return render(
            request,
            "disclosure/report.html",
            {"program": program, "season": found, "report": report, "seasons": seasons, "site_origin": ""},
        )


def report_pdf(request: HttpRequest, slug: str, season: str) -> HttpResponse:
    from wsr.core.pdf import render_pdf

    program = program_get_public(slug=slug)
    found = season_get_public(program=program, key=season)
    with page_language(request, request.GET.get("lang")) as language:
        report = program_report(program, found)
        html = render_to_string(
            "disclosure/report_pdf.html",
            {
                "program": program,
                "season": found,
                "report": report,
                "generated": clock.now(),
                "site_origin": request.build_absolute_uri("/").rstrip("/"),
            },
            request=request,
        )
    response = HttpResponse(render_pdf(html), content_type="application/pdf")
    name = _filename(slug, report.key, "pdf" if language == "en" else f"{language}.pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def report_csv(request: HttpRequest, slug: str, season: str) -> StreamingHttpResponse:
    program = program_get_public(slug=slug)
    found = season_get_public(program=program, key=season)
    report = program_report(program, found)
    response = StreamingHttpResponse(csv_lines(CSV_HEADER, report_rows(report)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(slug, report.key, "csv")}"'
    return response
