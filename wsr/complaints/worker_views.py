"""The worker's pages: report a problem, then follow the case with its code and secret. No login.

Everything works with JavaScript off. The report is asked one short question per page; the
answers travel between pages in one hidden field, encrypted and authenticated (``worker_state``:
tied to the program, valid for a day), so nothing is stored until the worker presses "Send" on the review
page, and then the intake service is called exactly once. A one-time token in the signed answers
stops a resent "Send" (reload, back button) from opening a second case.

Pages that show or take a secret are never cached (``never_cache``) and carry the code and secret
only in the page itself, never in a URL or the session. Every status look-up, reply and secret
change first spends a try from the guessing limits (``wsr.complaints.guard``); a wrong code, an
unknown code and a wrong secret all get the same answer.
"""

from __future__ import annotations

import logging
import secrets
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from wsr.complaints import worker_forms as wf
from wsr.complaints import worker_state
from wsr.complaints.guard import (
    ReportAlreadySent,
    case_access_throttle,
    client_key_for_request,
    intake_once,
    intake_throttle,
)
from wsr.complaints.services import (
    CaseAccessRefused,
    CaseStatusView,
    complaint_intake,
    complaint_message_post,
    complaint_secret_change,
    complaint_status_view,
)
from wsr.core.errors import DomainError, Throttled
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_public
from wsr.registry.models import Facility

logger = logging.getLogger(__name__)

STEPS = ("place", "topic", "story", "privacy", "contact", "review")
STEP_NUMBER = {"place": 1, "topic": 2, "story": 3, "privacy": 4, "contact": 4, "review": 5}
STEP_TOTAL = 5
FACILITY_LIST_MAX = 20  # more than this: the worker searches the list by name
STATE_MAX_AGE = 24 * 3600

COMPLAINANT = "complainant"


# --- language ----------------------------------------------------------------------------------


def _language_names(codes: list[str]) -> list[tuple[str, str]]:
    out = []
    for code in codes:
        try:
            out.append((code, translation.get_language_info(code)["name_local"]))
        except KeyError:
            out.append((code, code))
    return out


def _use_language(request: HttpRequest, allowed: list[str], wanted: str = "") -> str:
    """Activate ``wanted`` (or ?lang=, or the visitor's language) if allowed, else the first allowed."""
    for code in (wanted, request.GET.get("lang", ""), request.POST.get("lang", ""), translation.get_language()):
        if code and code in allowed:
            break
    else:
        code = allowed[0] if allowed else settings.LANGUAGE_CODE
    translation.activate(code)
    request.LANGUAGE_CODE = code  # type: ignore[attr-defined]
    return code


def _site_languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


# --- the program's workplaces (public names only) ----------------------------------------------


def _program_facilities(program: Program, query: str = "") -> QuerySet[Facility]:
    qs = Facility.objects.filter(program_links__program=program, program_links__until__isnull=True)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(name_local__icontains=query))
    return qs.order_by("name", "pk").only("public_id", "name", "name_local").distinct()


def _facility_label(facility: Facility) -> str:
    if facility.name_local and facility.name_local != facility.name:
        return f"{facility.name} ({facility.name_local})"
    return facility.name


def _facility_choices(program: Program, query: str, chosen: str) -> tuple[list[tuple[str, str]], bool]:
    """(choices, searchable): the whole list when short, else the matches of ``query``."""
    everything = _program_facilities(program)
    searchable = everything.count() > FACILITY_LIST_MAX
    shown = list((_program_facilities(program, query) if searchable else everything)[:FACILITY_LIST_MAX])
    if chosen and chosen not in {f.public_id for f in shown}:
        picked = everything.filter(public_id=chosen).first()
        if picked is not None:
            shown.insert(0, picked)
    if searchable and not query and not chosen:
        shown = []
    return [(f.public_id, _facility_label(f)) for f in shown], searchable


# --- the signed answers ------------------------------------------------------------------------


def _new_state(lang: str) -> dict[str, Any]:
    return {"v": 1, "lang": lang, "token": secrets.token_urlsafe(18), "at": "place", "done": [], "data": {}}


def _dump(program: Program, state: dict[str, Any]) -> str:
    return worker_state.state_seal(program.slug, state)


def _load(program: Program, raw: str) -> dict[str, Any] | None:
    state = worker_state.state_open(program.slug, raw, max_age=STATE_MAX_AGE)
    if state is None or state.get("v") != 1 or state.get("at") not in STEPS:
        return None
    if not isinstance(state.get("data"), dict) or not isinstance(state.get("done"), list):
        return None
    return state


def _anonymous(state: dict[str, Any]) -> bool:
    return state["data"].get("privacy", "anonymous") == "anonymous"


def _next_step(state: dict[str, Any], step: str) -> str:
    index = STEPS.index(step) + 1
    if STEPS[index] == "contact" and _anonymous(state):
        index += 1
    return STEPS[index]


def _previous_step(state: dict[str, Any], step: str) -> str:
    index = max(0, STEPS.index(step) - 1)
    if STEPS[index] == "contact" and _anonymous(state):
        index -= 1
    return STEPS[index]


def _form(step: str, program: Program, state: dict[str, Any], data: Any = None, *, search: bool = False) -> Any:
    initial = state["data"]
    if step == "place":
        source = data if data is not None else initial
        query = str(source.get("q", "")).strip()[:100]
        chosen = str(source.get("facility", ""))
        facilities, searchable = _facility_choices(program, query, chosen)
        if search:  # show what the search found, without complaining that nothing is chosen yet
            typed = str(source.get("facility_name", ""))[:300]
            return wf.PlaceForm(
                initial={"q": query, "facility_name": typed}, facilities=facilities, searchable=searchable
            )
        return wf.PlaceForm(data, initial=initial, facilities=facilities, searchable=searchable)
    if step == "topic":
        return wf.TopicForm(data, initial=initial, topics=wf.topics_for(program.sector))
    forms = {"story": wf.StoryForm, "privacy": wf.PrivacyForm, "contact": wf.ContactForm}
    return forms[step](data, initial=initial)


def _review_rows(program: Program, state: dict[str, Any]) -> dict[str, Any]:
    data = state["data"]
    facility = _program_facilities(program).filter(public_id=data.get("facility") or "").first()
    topic = wf.TOPIC_BY_SLUG.get(data.get("category", ""))
    return {
        "place": _facility_label(facility) if facility else data.get("facility_name", ""),
        "topic": topic,
        "description": data.get("description", ""),
        "danger": data.get("danger") == "yes",
        "anonymous": _anonymous(state),
        "name": data.get("name", ""),
        "phone": data.get("phone", ""),
        "contact": data.get("contact", ""),
    }


def _render_step(
    request: HttpRequest,
    program: Program,
    state: dict[str, Any],
    step: str,
    *,
    form: Any = None,
    status: int = 200,
    error: str = "",
) -> HttpResponse:
    state = {**state, "at": step}
    context = {
        "program": program,
        "step": step,
        "number": STEP_NUMBER[step],
        "total": STEP_TOTAL,
        "state": _dump(program, state),
        "languages": _language_names(program.languages),
        "form": form if form is not None else (None if step == "review" else _form(step, program, state)),
        "error": error,
        "topics": wf.topics_for(program.sector),
    }
    if step == "review":
        context["review"] = _review_rows(program, state)
    return render(request, f"complaints/worker/step_{step}.html", context, status=status)


def _start_page(request: HttpRequest, program: Program, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "complaints/worker/start.html",
        {"program": program, "languages": _language_names(program.languages), "error": error},
        status=status,
    )


# --- report ------------------------------------------------------------------------------------


@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    program = program_get_public(slug=slug)
    if request.method == "GET":
        _use_language(request, program.languages)
        return _start_page(request, program)
    raw = request.POST.get("state")
    if raw is None:  # "Start" on the first page
        lang = _use_language(request, program.languages)
        return _render_step(request, program, _new_state(lang), "place")
    state = _load(program, raw)
    if state is None:
        _use_language(request, program.languages)
        return _start_page(
            request, program, error=_("This form is too old or was changed. Please start again."), status=400
        )
    switch = request.POST.get("switch", "")
    state["lang"] = _use_language(request, program.languages, switch or state.get("lang", ""))
    step = state["at"]
    if switch:
        return _render_step(request, program, state, step)
    if "back" in request.POST:
        return _render_step(request, program, state, _previous_step(state, step))
    goto = request.POST.get("goto", "")
    if goto in state["done"] and goto != "review":
        return _render_step(request, program, state, goto)
    if step == "review":
        if request.POST.get("action") == "send":
            return _send(request, program, state)
        return _render_step(request, program, state, "review")
    if step == "place" and request.POST.get("action") == "search":
        return _render_step(request, program, state, step, form=_form(step, program, state, request.POST, search=True))
    form = _form(step, program, state, request.POST)
    if not form.is_valid():
        return _render_step(request, program, state, step, form=form, status=400)
    values = {k: v for k, v in form.cleaned_data.items() if k != "q"}
    state["data"].update(values)
    if step == "privacy" and _anonymous(state):
        for key in ("name", "phone", "contact"):
            state["data"].pop(key, None)
        state["done"] = [s for s in state["done"] if s != "contact"]
    if step not in state["done"]:
        state["done"].append(step)
    # After a change from the review page, go straight back to it when everything is answered.
    following = _next_step(state, step)
    if "review" in state["done"] and following != "contact":
        following = "review"
    if following == "review" and "review" not in state["done"]:
        state["done"].append("review")
    return _render_step(request, program, state, following)


def _send(request: HttpRequest, program: Program, state: dict[str, Any]) -> HttpResponse:
    data = state["data"]
    missing = [s for s in ("place", "topic", "story", "privacy") if s not in state["done"]]
    if not _anonymous(state) and "contact" not in state["done"]:
        missing.append("contact")
    if missing:
        return _render_step(request, program, state, missing[0], status=400)
    topic = wf.TOPIC_BY_SLUG.get(data.get("category", ""))
    if topic is None:
        return _render_step(request, program, state, "topic", status=400)
    facility = None
    if data.get("facility"):
        facility = _program_facilities(program).filter(public_id=data["facility"]).first()
        if facility is None:
            form = _form("place", program, state, {"facility": "", "facility_name": ""})
            form.is_valid()
            return _render_step(
                request,
                program,
                state,
                "place",
                form=form,
                status=400,
                error=_("This workplace is no longer in the list. Please choose again."),
            )
    try:
        intake_throttle(client_key=client_key_for_request(request), channel="web")
        receipt = complaint_intake(
            actor=Actor.anonymous(COMPLAINANT),
            program=program,
            channel="web",
            facility=facility,
            facility_name="" if facility else data.get("facility_name", ""),
            category=topic.category_slug,
            hazard=topic.hazard,
            description=data["description"],
            language=state["lang"],
            anonymous=_anonymous(state),
            contact=data.get("contact", ""),
            name=data.get("name", ""),
            phone=data.get("phone", ""),
            imminent_danger=data.get("danger") == "yes",
            # Spent in the intake's own transaction: a failed intake leaves it for the retry.
            claim=lambda: intake_once(token=state["token"]),
        )
    except ReportAlreadySent:
        return render(request, "complaints/worker/already_sent.html", {"program": program}, status=409)
    except Throttled as exc:
        response = _render_step(request, program, state, "review", status=429, error=_wait_message(exc))
        response["Retry-After"] = str(exc.retry_after)
        return response
    except DomainError as exc:
        return _render_step(request, program, state, "review", status=400, error=str(exc.message))
    return render(
        request,
        "complaints/worker/done.html",
        {
            "program": program,
            "code_groups": receipt.case_code.split("-"),
            "secret_groups": receipt.secret.split("-"),
            "case_code": receipt.case_code,
            "secret": receipt.secret,
            # Someone is in danger now: the page says what to do now, before the case code.
            "danger": receipt.complaint.imminent_danger,
        },
        status=201,
    )


# --- follow a case -----------------------------------------------------------------------------


def _wait_message(exc: Throttled) -> str:
    return _("Too many tries. Please wait %(seconds)d seconds, then try again.") % {"seconds": exc.retry_after}


def _wait(request: HttpRequest, template: str, exc: Throttled, context: dict[str, Any]) -> HttpResponse:
    response = render(request, template, {**context, "error": _wait_message(exc)}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


def _case_page(
    request: HttpRequest, view: CaseStatusView, secret: str, *, reply: Any = None, sent: bool = False, status: int = 200
) -> HttpResponse:
    template = "complaints/worker/secret_change.html" if view.must_change_secret else "complaints/worker/case.html"
    return render(
        request,
        template,
        {"case": view, "case_code": view.case_code, "secret": secret, "reply": reply or wf.ReplyForm(), "sent": sent},
        status=status,
    )


def _access_form_page(request: HttpRequest, form: Any, *, error: str = "", status: int = 200) -> HttpResponse:
    return render(
        request,
        "complaints/worker/status_form.html",
        {"form": form, "error": error, "languages": _language_names(_site_languages())},
        status=status,
    )


def _refused(request: HttpRequest, code: str, exc: CaseAccessRefused) -> HttpResponse:
    """The one answer for an unknown code, a malformed code and a wrong secret."""
    return _access_form_page(request, wf.CaseAccessForm(), error=str(exc.message), status=403)


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest) -> HttpResponse:
    _use_language(request, _site_languages())
    if request.method == "GET":
        return _access_form_page(request, wf.CaseAccessForm())
    form = wf.CaseAccessForm(request.POST)
    if not form.is_valid():
        return _access_form_page(request, form, status=400)
    code, secret = form.cleaned_data["case_code"], form.cleaned_data["secret"]
    try:
        case_access_throttle(client_key=client_key_for_request(request), channel="web")
        view = complaint_status_view(case_code=code, secret=secret)
    except Throttled as exc:
        return _wait(request, "complaints/worker/status_form.html", exc, {"form": form, "languages": []})
    except CaseAccessRefused as exc:
        return _refused(request, code, exc)
    return _case_page(request, view, secret)


@never_cache
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    _use_language(request, _site_languages())
    form = wf.ReplyForm(request.POST)
    access = wf.CaseAccessForm(request.POST)
    if not access.is_valid():
        return _access_form_page(request, access, status=400)
    code, secret = access.cleaned_data["case_code"], access.cleaned_data["secret"]
    try:
        case_access_throttle(client_key=client_key_for_request(request), channel="web")
        if form.is_valid():
            view = complaint_message_post(case_code=code, secret=secret, text=form.cleaned_data["text"])
            return _case_page(request, view, secret, sent=True)
        view = complaint_status_view(case_code=code, secret=secret)
    except Throttled as exc:
        return _wait(request, "complaints/worker/status_form.html", exc, {"form": access, "languages": []})
    except CaseAccessRefused as exc:
        return _refused(request, code, exc)
    except DomainError as exc:
        form.add_error("text", str(exc.message))
        view = complaint_status_view(case_code=code, secret=secret)
    return _case_page(request, view, secret, reply=form, status=400)


@never_cache
@require_POST
def secret_change(request: HttpRequest) -> HttpResponse:
    _use_language(request, _site_languages())
    form = wf.CaseAccessForm(request.POST)
    if not form.is_valid():
        return _access_form_page(request, form, status=400)
    code = form.cleaned_data["case_code"]
    try:
        case_access_throttle(client_key=client_key_for_request(request), channel="web")
        new_secret = complaint_secret_change(case_code=code, secret=form.cleaned_data["secret"])
    except Throttled as exc:
        return _wait(request, "complaints/worker/status_form.html", exc, {"form": form, "languages": []})
    except CaseAccessRefused as exc:
        return _refused(request, code, exc)
    return render(
        request,
        "complaints/worker/secret_new.html",
        {"case_code": code, "secret": new_secret, "secret_groups": new_secret.split("-")},
    )
