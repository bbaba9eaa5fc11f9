"""Forms only parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.education.files import MAX_FILE_BYTES, sniff
from wsr.education.models import SessionKind
from wsr.programs.models import Program
from wsr.standards.models import Category
from wsr.standards.selectors import language_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
FILE_ACCEPT = "application/pdf,image/png,image/jpeg,image/webp,audio/mpeg,audio/mp4,audio/ogg,.pdf,.mp3,.m4a,.ogg"


def language_choices(program: Program) -> list[tuple[str, str]]:
    return [(code, f"{language_name(code)} ({code})") for code in program.languages]


class LineList(forms.CharField):
    """One entry per line."""

    widget = forms.Textarea(attrs={"rows": 2})

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.splitlines() if part.strip()]


class SessionForm(forms.Form):
    facility: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Facility"), queryset=None, to_field_name="public_id"
    )
    held_on = forms.DateField(label=_("Date of the session"), widget=DATE)
    language = forms.ChoiceField(label=_("Language"))
    kind = forms.ChoiceField(label=_("Kind of session"), choices=SessionKind.choices)
    on_the_clock = forms.BooleanField(
        label=_("Held on paid time (on the clock)"),
        required=False,
        help_text=_("Only sessions on paid time count towards the program's norm."),
    )
    topics = forms.MultipleChoiceField(
        label=_("Code topics covered"), choices=Category.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    other_topics = LineList(label=_("Other topics (one per line)"), required=False)
    attendees = forms.IntegerField(label=_("Attendees"), min_value=1)
    new_workers = forms.IntegerField(
        label=_("Of them, reached for the first time this season"),
        min_value=0,
        help_text=_("Count people, never write names: ask who is attending a session for the first time this season."),
    )
    educators: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("Educators"), queryset=None, to_field_name="username", widget=forms.CheckboxSelectMultiple
    )
    notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by program staff only. Do not write workers' names."),
    )

    def __init__(self, *args: Any, program: Program, facilities: Any, educators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facility"].queryset = facilities  # type: ignore[attr-defined]
        self.fields["educators"].queryset = educators  # type: ignore[attr-defined]
        self.fields["educators"].label_from_instance = lambda u: u.get_full_name() or u.username  # type: ignore[attr-defined]
        self.fields["language"].choices = language_choices(program)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        attendees, new = data.get("attendees"), data.get("new_workers")
        if attendees is not None and new is not None and new > attendees:
            self.add_error("new_workers", _("This cannot be more than the attendees."))
        if not data.get("topics") and not data.get("other_topics") and not self.has_error("topics"):
            self.add_error("topics", _("Name at least one topic of the session."))
        return data


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Why is this record withdrawn?"), max_length=500)


class MaterialFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if not upload:
            return upload
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 25 MB."))
        head = upload.read(16)
        upload.seek(0)
        if sniff(head) is None:
            raise forms.ValidationError(
                _("This file is not a PDF, an image (PNG, JPEG, WebP) or audio (MP3, M4A, OGG).")
            )
        return upload


class VersionForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"))
    title = forms.CharField(label=_("Title (in that language)"), max_length=200)
    body = forms.CharField(
        label=_("Text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Plain words, short sentences. Optional if you attach a file."),
    )
    file = MaterialFileField(
        label=_("File (PDF, image or audio; at most 25 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_ACCEPT}),
    )

    def __init__(self, *args: Any, program: Program, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = language_choices(program)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("body") or "").strip() and not data.get("file") and not self.errors:
            self.add_error(None, _("A material needs a text, a file, or both."))
        return data


class MaterialForm(VersionForm):
    name = forms.CharField(label=_("Name in the library"), max_length=200)
    category = forms.ChoiceField(
        label=_("Code topic"), choices=[("", _("— none —")), *Category.choices], required=False
    )
    field_order = ["name", "category", "language", "title", "body", "file"]


class RetireForm(forms.Form):
    reason = forms.CharField(label=_("Why (kept in the history)"), max_length=500, required=False)


class ConfirmForm(forms.Form):
    pass
