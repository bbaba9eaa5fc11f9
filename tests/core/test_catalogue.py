"""The event catalogue: every kind written anywhere in wsr/ is listed, with a label in every
language, and an unknown kind is refused while tests run."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from wsr.core import catalogue
from wsr.core.events import UnknownEventKind, event_record
from wsr.core.models import Event
from wsr.core.permissions import Actor

WSR = Path(settings.BASE_DIR) / "wsr"
LOCALE = Path(settings.BASE_DIR) / "locale"
# Calls that write an event, and which arguments carry its kind.
WRITERS = {"event_record", "event_record_many", "record", "_event", "_edit", "_step", "workflow_step", "_edit_draft"}
KIND_KEYWORDS = {"verb", "event"}


def _kind_arguments(call: ast.Call) -> list[ast.expr]:
    name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
    if name not in WRITERS:
        return []
    found = [k.value for k in call.keywords if k.arg in KIND_KEYWORDS]
    if name in {"record", "_event", "_edit", "_step"}:
        found += call.args[1:4]  # record(actor, obj, kind, ...) / _step(actor, obj, target, kind)
    return found


def _literals(node: ast.expr) -> list[str]:
    """String kinds in an argument (a literal, or either branch of ``a if c else b``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _literals(node.body) + _literals(node.orelse)
    return []


def _kinds_in_source(calls_seen: list[str] | None = None) -> dict[str, str]:
    """Every event kind written as a string literal in wsr/ (or a constant of the complaints'
    verb module), with where it was found; f-strings are refused (kinds must be checkable).
    ``calls_seen`` collects where every kind argument was found, literal or enum member."""
    found: dict[str, str] = {}
    complaint_verbs = importlib.import_module("wsr.complaints.services.common")
    for path in WSR.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for arg in _kind_arguments(node):
                where = f"{path.relative_to(WSR.parent)}:{arg.lineno}"
                if calls_seen is not None:
                    calls_seen.append(where)
                assert not isinstance(arg, ast.JoinedStr), f"{where}: an event kind built with an f-string"
                for value in _literals(arg):
                    if (value.islower() and "_" in value) or value == "login":
                        found[value] = where
                if (
                    isinstance(arg, ast.Attribute)
                    and isinstance(arg.value, ast.Name)
                    and arg.value.id == "common"
                    and isinstance(getattr(complaint_verbs, arg.attr, None), str)
                ):
                    found[getattr(complaint_verbs, arg.attr)] = where
    return found


def test_every_kind_written_in_the_source_is_in_the_catalogue():
    seen: list[str] = []
    found = _kinds_in_source(seen)
    # The scan does see the services' event writes (enum members are checked by catalogue()).
    assert len(seen) > 60
    missing = {kind: where for kind, where in found.items() if not catalogue.is_known(kind)}
    assert missing == {}, "add these kinds to the domain's events.py and a label to wsr/core/catalogue.py"


def test_the_scan_finds_a_kind_missing_from_the_catalogue(tmp_path):
    """The guardrail itself: a literal kind in a call is found."""
    tree = ast.parse('record(actor, item, "cap_item_teleported", program)')
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    kinds = [v for a in _kind_arguments(call) for v in _literals(a)]
    assert kinds == ["cap_item_teleported"]
    assert not catalogue.is_known("cap_item_teleported")


def test_every_kind_has_one_domain_and_a_label():
    kinds = catalogue.catalogue()
    assert "zero_tolerance_finding_confirmed" in kinds
    assert kinds["zero_tolerance_finding_confirmed"].domain == "complaints"
    for kind in kinds.values():
        assert str(kind.label).strip(), kind.kind
        assert str(kind.label) != kind.kind, f"{kind.kind}: the label repeats the internal code"
    assert set(catalogue._LABELS) <= set(kinds), "labels for kinds no enum declares"


def test_consumed_kinds_list_their_payload_keys():
    assert catalogue.payload_keys("zero_tolerance_finding_confirmed") == (
        "complaint",
        "facility",
        "provision",
        "code_version",
    )
    assert set(catalogue.PAYLOADS) <= set(catalogue.catalogue())


@pytest.mark.parametrize("lang", ["es", "ht", "bn"])
def test_every_label_is_translated(lang):
    """The catalogue's own labels (accounts declares and translates its role-change labels itself)."""
    kinds = [k for k in catalogue.catalogue().values() if k.kind in catalogue._LABELS]
    with translation.override("en"):
        english = {k.kind: str(k.label) for k in kinds}
    with translation.override(lang):
        untranslated = [k.kind for k in kinds if str(k.label) == english[k.kind]]
    assert untranslated == []


def test_labels_follow_the_active_language():
    with translation.override("es"):
        assert catalogue.label("program_rules_changed") == "Reglas del programa cambiadas"
    assert catalogue.label("program_rules_changed") == "Program rules changed"


@pytest.mark.django_db
def test_an_unknown_kind_is_refused_while_testing(personas, settings):
    settings.WSR_STRICT_EVENT_KINDS = True
    with pytest.raises(UnknownEventKind):
        event_record(actor=Actor.system(), obj=personas.program, verb="program_teleported")
    assert not Event.objects.filter(verb="program_teleported").exists()


@pytest.mark.django_db
def test_an_unknown_kind_is_logged_and_kept_in_production(personas, settings, caplog):
    settings.WSR_STRICT_EVENT_KINDS = False
    event_record(actor=Actor.system(), obj=personas.program, verb="program_teleported")
    assert Event.objects.filter(verb="program_teleported").count() == 1
    assert "program_teleported" in caplog.text
