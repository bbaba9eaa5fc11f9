"""Staff forms for complaints: they parse and check input; the services decide and write."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from wsr.complaints.models import OPERATOR_CHANNELS, OUTCOME_LABELS, STATE_LABELS, Channel, IntervieweeRole
from wsr.complaints.transitions import CaseState, FindingOutcome
from wsr.standards.models import Category

TEXT_MAX = 5000


def _area(rows: int = 4) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class OperatorIntakeForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("How did the worker reach you?"),
        choices=[(c.value, c.label) for c in Channel if c in OPERATOR_CHANNELS],
    )
    facility = forms.ChoiceField(label=_("Workplace"), required=False)
    facility_name = forms.CharField(
        label=_("Workplace, if not in the list"), required=False, max_length=300, help_text=_("Name and place.")
    )
    category = forms.ChoiceField(label=_("What is it about?"), choices=Category.choices)
    description = forms.CharField(label=_("What happened, in the worker's words"), widget=_area(6), max_length=TEXT_MAX)
    language = forms.ChoiceField(label=_("The worker's language"))
    imminent_danger = forms.BooleanField(label=_("Someone is in danger now"), required=False)
    anonymous = forms.BooleanField(
        label=_("The worker stays anonymous"),
        required=False,
        help_text=_(
            "Anonymous: no name or contact is kept. Otherwise they are kept encrypted and shown to nobody "
            "without a second person's approval."
        ),
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=300)
    phone = forms.CharField(label=_("Phone"), required=False, max_length=300)
    contact = forms.CharField(label=_("Other contact"), required=False, max_length=300)

    def __init__(self, *args: Any, facilities: list[tuple[str, str]], languages: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["facility"]).choices = [("", _("— not in the list —")), *facilities]
        cast(forms.ChoiceField, self.fields["language"]).choices = languages


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Open cases")), *[(s.value, STATE_LABELS[s]) for s in CaseState]],
    )
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("Any")), *Category.choices])
    channel = forms.ChoiceField(label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices])
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("Received from"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Received until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


class EmptyForm(forms.Form):
    pass


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=_area(2), max_length=2000)


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Note (optional)"), widget=_area(2), max_length=2000, required=False)


class TriageInScopeForm(forms.Form):
    provision_refs = forms.MultipleChoiceField(
        label=_("Code provisions concerned"), widget=forms.CheckboxSelectMultiple
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    imminent_danger = forms.BooleanField(label=_("Imminent danger"), required=False)
    priority = forms.BooleanField(label=_("Priority"), required=False)
    reason = forms.CharField(label=_("Note (optional)"), widget=_area(2), max_length=2000, required=False)

    def __init__(self, *args: Any, provisions: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["provision_refs"]).choices = provisions


class ForwardForm(forms.Form):
    forwarded_to = forms.CharField(label=_("Forward to"), max_length=200)
    reason = forms.CharField(label=_("Reason"), widget=_area(2), max_length=2000)


class AssignForm(forms.Form):
    investigators = forms.MultipleChoiceField(label=_("Investigators"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["investigators"]).choices = people


class FindingForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Finding"), choices=[(o.value, OUTCOME_LABELS[o]) for o in FindingOutcome])
    summary = forms.CharField(label=_("Summary"), widget=_area(4), max_length=TEXT_MAX)


class RemedyForm(forms.Form):
    what = forms.CharField(label=_("What must be done"), widget=_area(3), max_length=TEXT_MAX)
    who = forms.CharField(label=_("By whom"), max_length=200)
    due = forms.DateField(label=_("By when"), widget=forms.DateInput(attrs={"type": "date"}))


class TextForm(forms.Form):
    text = forms.CharField(label=_("Text"), widget=_area(3), max_length=TEXT_MAX)


class InterviewForm(forms.Form):
    held_on = forms.DateField(label=_("Held on"), widget=forms.DateInput(attrs={"type": "date"}))
    interviewee_role = forms.ChoiceField(label=_("Who was interviewed"), choices=IntervieweeRole.choices)
    notes = forms.CharField(label=_("Notes"), widget=_area(4), max_length=TEXT_MAX)


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("JPEG, PNG, PDF, MP3, M4A or OGG; at most 10 MB. Stored encrypted.")
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=[("approve", _("Approve")), ("refuse", _("Refuse"))])
    note = forms.CharField(label=_("Note (optional)"), max_length=2000, required=False)
