"""The public site: programs, facilities, brands, the complaint log, statistics, search and open
data. No login; every page renders its body in ``?lang=`` (wsr.core.i18n.page_language) and works
without JavaScript. Reads only through the public selectors of this package."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from wsr.complaints.transitions import CaseState
from wsr.core.i18n import page_language, site_language
from wsr.disclosure import facts
from wsr.disclosure.complaint_log import complaint_log_page
from wsr.disclosure.map_views import map_csp
from wsr.disclosure.open_data import EXPORTS, licence_for, log_head, statistics
from wsr.disclosure.search import SearchQuery, search, sectors_in_use
from wsr.disclosure.selectors import public_brands, public_programs, public_signatories
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_public, programs_public
from wsr.standards.models import Category
from wsr.standing.models import STANDING_LABELS
from wsr.standing.transitions import Standing


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    lang = request.GET.get("lang")
    with page_language(request, lang):  # ?lang= translates the body too
        context["page_lang"] = site_language(lang) or ""  # kept on the page's own links
        return render(request, template, context)


def home(request: HttpRequest) -> HttpResponse:
    return _render(request, "disclosure/home.html", {"programs": public_programs()})


def program(request: HttpRequest, slug: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    facilities = search(SearchQuery(program=slug, after=request.GET.get("after", "")))
    return _render(
        request,
        "disclosure/program.html",
        {
            "program": prog,
            "brands": public_brands(prog),
            "brand_ids": facts.brand_links(prog),
            "signatories": public_signatories(prog),
            "suppliers": facts.suppliers_public(prog),
            "facilities": facilities,
            "stats": statistics(prog),
        },
    )


def facility(request: HttpRequest, public_id: str) -> HttpResponse:
    page = facts.facility_public(public_id)
    return map_csp(_render(request, "disclosure/facility.html", {"page": page}))


def brand(request: HttpRequest, slug: str, public_id: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    return _render(request, "disclosure/brand.html", {"page": facts.brand_public(prog, public_id), "program": prog})


def complaint_log(request: HttpRequest, slug: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    category = request.GET.get("category", "")
    status = request.GET.get("status", "")
    category = category if category in Category.values else ""
    status = status if status in CaseState.__members__.values() else ""
    page = complaint_log_page(prog, after=request.GET.get("after", ""), category=category, status=status)
    return _render(
        request,
        "disclosure/complaints.html",
        {
            "program": prog,
            "page": page,
            "categories": Category.choices,
            "category": category,
            "status": status,
            "statuses": _status_choices(),
        },
    )


def _status_choices() -> list[tuple[str, str]]:
    from wsr.complaints.models import STATE_LABELS

    return [(str(k), str(v)) for k, v in STATE_LABELS.items()]


def program_statistics(request: HttpRequest, slug: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    stats = statistics(prog)
    categories = dict(Category.choices)
    return _render(
        request,
        "disclosure/statistics.html",
        {
            "program": prog,
            "stats": stats,
            "by_standing": [
                (k, str(STANDING_LABELS.get(Standing(k), k)) if k in Standing.__members__.values() else k, n)
                for k, n in stats["facilities_by_standing"].items()
            ],
            "by_category": [(str(categories.get(k, k)), n) for k, n in stats["complaints"]["by_category"].items()],
        },
    )


def search_page(request: HttpRequest) -> HttpResponse:
    g = request.GET
    query = SearchQuery(
        q=g.get("q", "").strip(),
        place=g.get("place", "").strip(),
        country=g.get("country", "").strip(),
        sector=g.get("sector", "").strip(),
        standing=g.get("standing", "").strip(),
        program=g.get("program", "").strip(),
        after=g.get("after", ""),
    )
    results = None if query.is_empty and "q" not in g else search(query)
    more = request.GET.copy()
    if results is not None and results.next_after:
        more["after"] = results.next_after
    return _render(
        request,
        "disclosure/search.html",
        {
            "query": query,
            "results": results,
            "next_url": f"{reverse('public:search')}?{more.urlencode()}" if results and results.next_after else "",
            "programs": programs_public(),
            "standings": [(str(k), str(v)) for k, v in STANDING_LABELS.items()],
            "sectors": sectors_in_use(),
        },
    )


def open_data_index(request: HttpRequest) -> HttpResponse:
    return _render(request, "disclosure/open_data.html", {"programs": _open_data(list(programs_public()))})


def open_data_program(request: HttpRequest, slug: str) -> HttpResponse:
    prog = program_get_public(slug=slug)
    return _render(request, "disclosure/open_data.html", {"programs": _open_data([prog]), "program": prog})


def _open_data(programs: list[Program]) -> list[dict]:
    rows = []
    for prog in programs:
        head = log_head(prog)
        files = []
        for name in EXPORTS:
            files.append((f"{name}.csv", reverse("public:open_data_file", args=[prog.slug, name, "csv"])))
            files.append((f"{name}.json", reverse("public:open_data_file", args=[prog.slug, name, "json"])))
        geojson = reverse("public:open_data_file", args=[prog.slug, "facilities", "geojson"])
        files.append(("facilities.geojson", geojson))
        files.append(("statistics.json", reverse("public:open_data_statistics", args=[prog.slug])))
        rows.append({"program": prog, "licence": licence_for(prog), "head": head, "files": files})
    return rows
