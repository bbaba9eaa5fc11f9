"""Reads about the Code of Conduct: staff views, the public Code, citations by date, diffs.

Public readers (``code_version_public``, ``code_localised``) only ever reach adopted or
superseded versions; drafts and proposals are reachable only through ``code_version_get_for_actor``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language_info

from wsr.core import clock
from wsr.core.errors import NotFound
from wsr.core.permissions import Actor
from wsr.programs.models import Program
from wsr.programs.selectors import program_get_for_actor
from wsr.standards.models import Category, CodeVersion, Provision, ProvisionText, Tier
from wsr.standards.transitions import CodeStatus

FALLBACK_LANGUAGE = "en"
PUBLISHED = (CodeStatus.ADOPTED, CodeStatus.SUPERSEDED)


def language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"])
    except KeyError:
        return code


# --- finding versions ----------------------------------------------------------------------------


def code_versions_for_program(program: Program) -> QuerySet[CodeVersion]:
    return CodeVersion.objects.filter(program=program).select_related("approved_by_organisation").order_by("-number")


def code_version_get_for_actor(*, actor: Actor, slug: str, public_id: str, capability: str) -> CodeVersion:
    """A version of a program the actor holds ``capability`` in (404 outside scope, 403 without it)."""
    program = program_get_for_actor(actor=actor, slug=slug, capability=capability)
    version = CodeVersion.objects.filter(program=program, public_id=public_id).select_related("based_on").first()
    if version is None:
        raise NotFound("Code version")
    version.program = program
    return version


def provision_get(*, version: CodeVersion, public_id: str) -> Provision:
    provision = version.provisions.filter(public_id=public_id).first()
    if provision is None:
        raise NotFound("provision")
    provision.version = version
    return provision


def code_version_adopted(program: Program) -> CodeVersion | None:
    """The latest adopted version (it may take effect in the future)."""
    return CodeVersion.objects.filter(program=program, status=CodeStatus.ADOPTED).first()


def code_version_in_force(program: Program, on: dt.date) -> CodeVersion | None:
    """The version findings and complaints dated ``on`` cite: the adopted (or since superseded)
    version with the latest ``effective_from`` on or before that date."""
    return (
        CodeVersion.objects.filter(program=program, status__in=PUBLISHED, effective_from__lte=on)
        .order_by("-effective_from", "-number")
        .first()
    )


@dataclass(frozen=True)
class VersionStanding:
    """Where a version stands on a date, as every page shows it: ``key`` is one of draft, proposed,
    upcoming (adopted, not in force yet), in_force, superseded (a later version is in force)."""

    key: str
    label: str

    def __str__(self) -> str:
        return self.label


def code_version_standing(version: CodeVersion, *, in_force: CodeVersion | None, on: dt.date) -> VersionStanding:
    """The one rule for "in force / superseded" on staff and public pages: a version is superseded
    only once its successor's in-force date has come, whatever the stored status says (adopting a
    successor with a future date stores ``superseded`` at once)."""
    from django.utils.formats import date_format
    from django.utils.translation import gettext

    from wsr.standards.models import STATUS_LABELS

    if version.status not in PUBLISHED:
        return VersionStanding(version.status, str(STATUS_LABELS[version.code_status]))
    if in_force is not None and in_force.pk == version.pk:
        return VersionStanding("in_force", gettext("In force"))
    if version.effective_from is not None and version.effective_from > on:
        when = date_format(version.effective_from, "DATE_FORMAT")
        return VersionStanding("upcoming", gettext("Adopted, in force from %(date)s") % {"date": when})
    return VersionStanding("superseded", str(STATUS_LABELS[CodeStatus.SUPERSEDED]))


def code_versions_with_standing(
    program: Program, versions: list[CodeVersion], on: dt.date | None = None
) -> list[CodeVersion]:
    """Set ``version.standing`` on each of a program's versions (one query for the version in force)."""
    day = on or clock.today()
    in_force = code_version_in_force(program, day)
    for version in versions:
        version.standing = code_version_standing(version, in_force=in_force, on=day)  # type: ignore[attr-defined]
    return versions


def provision_in_force(program: Program, ref: str, on: dt.date) -> Provision | None:
    version = code_version_in_force(program, on)
    if version is None:
        return None
    provision = version.provisions.filter(ref=ref).first()
    if provision is not None:
        provision.version = version
    return provision


def code_version_public(program: Program, on: dt.date | None = None) -> CodeVersion | None:
    """What the public page and API show: the version in force today, or, before the first
    version takes effect, the adopted one (with its future date)."""
    return code_version_in_force(program, on or clock.today()) or code_version_adopted(program)


# --- texts, fallback, completeness -------------------------------------------------------------


@dataclass(frozen=True)
class LocalisedProvision:
    public_id: str
    ref: str
    category: str
    category_label: str
    tier: str
    tier_label: str
    title: str
    text: str
    language: str  # the language the text is in
    is_fallback: bool  # True when the requested language had no text


def fallback_chain(program: Program, language: str) -> list[str]:
    """Requested language -> program default language -> English (each once)."""
    chain: list[str] = []
    for code in (language, program.default_language, FALLBACK_LANGUAGE):
        if code and code not in chain:
            chain.append(code)
    return chain


def _provisions(version: CodeVersion) -> list[Provision]:
    return list(
        version.provisions.prefetch_related(Prefetch("texts", queryset=ProvisionText.objects.order_by("language")))
    )


def _localise(provision: Provision, chain: list[str]) -> LocalisedProvision:
    texts = {x.language: x for x in provision.texts.all() if x.is_complete}
    chosen = next((texts[code] for code in chain if code in texts), None)
    if chosen is None and texts:
        chosen = next(iter(texts.values()))
    return LocalisedProvision(
        public_id=provision.public_id,
        ref=provision.ref,
        category=provision.category,
        category_label=str(Category(provision.category).label),
        tier=provision.tier,
        tier_label=str(Tier(provision.tier).label),
        title=chosen.title if chosen else "",
        text=chosen.text if chosen else "",
        language=chosen.language if chosen else "",
        is_fallback=chosen is None or chosen.language != chain[0],
    )


def code_localised(version: CodeVersion, language: str) -> list[LocalisedProvision]:
    chain = fallback_chain(version.program, language)
    return [_localise(p, chain) for p in _provisions(version)]


@dataclass
class CategoryGroup:
    category: str
    label: str
    provisions: list[LocalisedProvision] = field(default_factory=list)


def group_by_category(provisions: list[LocalisedProvision]) -> list[CategoryGroup]:
    """Categories in the order the Code first uses them (the authors' order), provisions in order."""
    groups: dict[str, CategoryGroup] = {}
    for p in provisions:
        groups.setdefault(p.category, CategoryGroup(p.category, p.category_label)).provisions.append(p)
    return list(groups.values())


@dataclass(frozen=True)
class Completeness:
    language: str
    name: str
    complete: int
    total: int

    @property
    def percent(self) -> int:
        """Whole percent, rounded down: 100 only when every provision has its text."""
        return (self.complete * 100) // self.total if self.total else 0


def code_completeness(version: CodeVersion) -> list[Completeness]:
    provisions = _provisions(version)
    rows = []
    for lang in version.program.languages:
        done = sum(1 for p in provisions if any(x.language == lang and x.is_complete for x in p.texts.all()))
        rows.append(Completeness(lang, language_name(lang), done, len(provisions)))
    return rows


def provision_texts(provision: Provision) -> dict[str, ProvisionText]:
    return {x.language: x for x in provision.texts.all()}


# --- diff -------------------------------------------------------------------------------------

_WORDS = re.compile(r"\S+\s*|\s+")  # a word with the spaces after it


@dataclass(frozen=True)
class Segment:
    op: str  # "same", "del", "ins"
    text: str


@dataclass
class TextDiff:
    language: str
    name: str
    old_title: str
    new_title: str
    old: list[Segment]
    new: list[Segment]
    changed: bool


@dataclass
class ProvisionDiff:
    ref: str
    change: str  # "added", "removed", "changed", "same"
    old_category: str = ""
    new_category: str = ""
    old_tier: str = ""
    new_tier: str = ""
    texts: list[TextDiff] = field(default_factory=list)

    @property
    def category_changed(self) -> bool:
        return self.change == "changed" and self.old_category != self.new_category

    @property
    def tier_changed(self) -> bool:
        return self.change == "changed" and self.old_tier != self.new_tier

    def label(self, value: str, kind: str) -> str:
        if not value:
            return ""
        return str((Category if kind == "category" else Tier)(value).label)

    @property
    def old_category_label(self) -> str:
        return self.label(self.old_category, "category")

    @property
    def new_category_label(self) -> str:
        return self.label(self.new_category, "category")

    @property
    def old_tier_label(self) -> str:
        return self.label(self.old_tier, "tier")

    @property
    def new_tier_label(self) -> str:
        return self.label(self.new_tier, "tier")


def word_diff(old: str, new: str) -> tuple[list[Segment], list[Segment]]:
    """Inline word diff: the old text with deletions marked, the new text with insertions marked."""
    a, b = _WORDS.findall(old), _WORDS.findall(new)
    left: list[Segment] = []
    right: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            left.append(Segment("same", "".join(a[i1:i2])))
            right.append(Segment("same", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            right.append(Segment("ins", "".join(b[j1:j2])))
    return left, right


def code_version_diff(old: CodeVersion, new: CodeVersion) -> list[ProvisionDiff]:
    """Provisions added, removed or changed between two versions, matched by their stable ref."""
    languages = list(dict.fromkeys([*new.program.languages, *old.program.languages]))
    before = {p.ref: p for p in _provisions(old)}
    after = {p.ref: p for p in _provisions(new)}
    order = [p.ref for p in after.values()] + [ref for ref in before if ref not in after]
    rows = []
    for ref in order:
        a, b = before.get(ref), after.get(ref)
        ta = provision_texts(a) if a else {}
        tb = provision_texts(b) if b else {}
        texts = []
        for lang in languages:
            xa, xb = ta.get(lang), tb.get(lang)
            old_text, new_text = (xa.text if xa else ""), (xb.text if xb else "")
            old_title, new_title = (xa.title if xa else ""), (xb.title if xb else "")
            if not (old_text or new_text or old_title or new_title):
                continue
            left, right = word_diff(old_text, new_text)
            changed = old_text != new_text or old_title != new_title
            texts.append(TextDiff(lang, language_name(lang), old_title, new_title, left, right, changed))
        if a is None:
            change = "added"
        elif b is None:
            change = "removed"
        elif a.category != b.category or a.tier != b.tier or any(x.changed for x in texts):
            change = "changed"
        else:
            change = "same"
        rows.append(
            ProvisionDiff(
                ref=ref,
                change=change,
                old_category=a.category if a else "",
                new_category=b.category if b else "",
                old_tier=a.tier if a else "",
                new_tier=b.tier if b else "",
                texts=texts,
            )
        )
    return rows
