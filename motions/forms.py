import datetime
from functools import partial

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.roles import case_officers
from lib.forms import (
    ConfirmedForm,
    DateField,
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    ReasonField,
    ServiceForm,
    SubmissionField,
    VersionField,
)
from motions.case_numbers import check_new_case_number, format_case_number
from motions.models import Motion
from motions.services import check_date, check_not_future
from organisation.forms import MeetingChoiceField
from organisation.models import Body, Meeting, Membership, Person
from organisation.selectors import body_of_kind, roster_on


class PersonChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.name} ({person.party})" if person.party else person.name


class MoverChoiceField(PersonChoiceField):
    """The council's members and substitutes, a substitute named as one."""

    substitutes: frozenset[int] = frozenset()

    def label_from_instance(self, person):
        label = super().label_from_instance(person)
        return _("%(person)s, ersättare") % {"person": label} if person.pk in self.substitutes else label


class OfficerChoiceField(ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class MotionForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    received_on = DateField(label=_("Inkom"), widget=DateInput())
    movers = MoverChoiceField(
        label=_("Motionärer"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en motionär.")},
    )
    filed_meeting = MeetingChoiceField(
        label=_("Väckt vid fullmäktiges sammanträde"), required=False, empty_label=_("Inte känt"),
    )
    case_number = forms.CharField(
        label=_("Diarienummer"), required=False, max_length=30,
        help_text=_("Lämna tomt för registrets nästa nummer. Ange numret om ärendet redan är diariefört i "
                    "kommunens diarium."),
    )
    case_officer = OfficerChoiceField(
        label=_("Handläggare"), queryset=get_user_model().objects.none(), required=False,
        empty_label=_("Ingen handläggare ännu"),
    )
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad motionären anser och yrkar, som det ska återges i protokollet."),
    )
    clauses = forms.CharField(
        label=_("Att-satser"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En att-sats per rad."),
    )
    text = forms.CharField(label=_("Motionstext"), required=False, widget=forms.Textarea(attrs={"rows": 8}))
    submission = SubmissionField()

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.municipality = municipality
        movers = self.fields["movers"]
        people = Person.objects.filter(municipality=municipality).select_related("party").order_by("name")
        day = self.movers_day()
        council = body_of_kind(municipality.pk, Body.Kind.COUNCIL)
        seats = [m for m in roster_on(council, day) if m.role in (Membership.Role.MEMBER, Membership.Role.SUBSTITUTE)
                 ] if council is not None else []
        if seats:
            # Those who may move a motion: the council's members and substitutes on the day it came in.
            people = people.filter(pk__in={m.person_id for m in seats})
            members = {m.person_id for m in seats if m.role == Membership.Role.MEMBER}
            movers.substitutes = frozenset(m.person_id for m in seats if m.person_id not in members)
            movers.help_text = _("%(council)s ledamöter och ersättare %(day)s, den dag motionen inkom. En ersättare "
                                 "kan väcka en motion när hen tjänstgör.") % {"council": council.genitive,
                                                                             "day": day.isoformat()}
            movers.error_messages["invalid_choice"] = _(
                "Välj motionärer bland %(council)s ledamöter och ersättare %(day)s, den dag motionen inkom."
            ) % {"council": council.genitive.lower(), "day": day.isoformat()}
        # Without a roster that day (an organisation whose memberships are not loaded): everyone of it.
        movers.queryset = people
        filed = self.fields["filed_meeting"]
        if council is not None:
            # A motion is filed at a council meeting that has been held: one of the meeting plan's.
            filed.offer(Meeting.objects.filter(body=council, date__lte=timezone.localdate()).order_by("-date"),
                        bodies=[council])
            filed.help_text = format_html(
                "{} {}", _("Lämna tomt om sammanträdet inte är känt; motionen räknas då som väckt den dag den "
                           "inkom."), filed.help_text)
        self.fields["case_number"].help_text = _(
            "Lämna tomt för registrets nästa nummer. Ange numret (som %(example)s) om ärendet redan är diariefört "
            "i kommunens diarium.") % {"example": format_case_number(municipality, timezone.localdate().year, 345)}
        self.fields["case_officer"].queryset = case_officers()

    def movers_day(self) -> datetime.date:
        """The day whose council the movers are chosen from: the date the
        motion came in, as sent or given; today when there is none yet."""
        field = self.fields["received_on"]
        value = self.data.get(self.add_prefix("received_on")) if self.is_bound else self.get_initial_for_field(
            field, "received_on")
        try:
            day = field.clean(value) if isinstance(value, str) else value
        except ValidationError:
            day = None
        return day if isinstance(day, datetime.date) else timezone.localdate()

    def field_checks(self):
        return {"received_on": partial(check_not_future, field="received_on"),
                "case_number": partial(check_new_case_number, self.municipality)}

    def clean_case_number(self):
        return " ".join(self.cleaned_data["case_number"].split()) or None

    def clean(self):
        data = super().clean()
        received, filed = data.get("received_on"), data.get("filed_meeting")
        if received and filed and filed.date < received:
            self.add_error("filed_meeting", _("Sammanträdet kan inte ligga före dagen motionen inkom."))
        return data

    def clause_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["clauses"].splitlines() if line.strip()]


class CaseStepForm(ServiceForm):
    """A step in a case: its dates are checked against the case's with the
    form's own checks (motions.services.check_date, as the step will), so
    that a date before the previous step shows with any other problem."""

    # {field: whether the step changes the case's status (advance) or not (record_event)}.
    step_dates: dict[str, bool] = {}

    def __init__(self, *args, motion: Motion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.motion = motion

    def field_checks(self):
        if self.motion is None:
            return {}
        return {name: partial(check_date, self.motion, changes_status=changes, field=name)
                for name, changes in self.step_dates.items()}


class WithdrawForm(CaseStepForm, ConfirmedForm):
    confirm_label = _("Ja, motionen ska återkallas.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att motionen ska återkallas.")
    on = DateField(label=_("Återkallad den"), widget=DateInput())
    service_fields = {"date": "on"}
    step_dates = {"on": True}
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()


class MotionCorrectionForm(MotionForm):
    """The motion as registered, to be put right; with why. Its case number
    and officer are not corrected here (the officer has a form of its own)."""

    filed_on = DateField(label=_("Väckt"), widget=DateInput(),
                         help_text=_("Dagen motionen väcktes; ettårsgränsen räknas från den."))
    reason = ReasonField()
    version = VersionField()
    field_order = ["title", "received_on", "filed_on", "movers", "summary", "clauses", "text", "reason"]

    def __init__(self, *args, motion, **kwargs):
        super().__init__(*args, municipality=motion.municipality, **kwargs)
        for name in ("filed_meeting", "case_number", "case_officer"):
            del self.fields[name]
        movers = self.fields["movers"]
        # The registered movers stay choosable, on the roster that day or not.
        movers.queryset = Person.objects.filter(
            Q(pk__in=movers.queryset.values("pk")) | Q(pk__in=motion.movers.values("person"))
        ).select_related("party").order_by("name")
        filed = self.fields["filed_on"]
        if motion.filed_meeting_id:
            filed.disabled = True
            filed.help_text = _("Dagen för sammanträdet då motionen väcktes (%(meeting)s).") % {
                "meeting": motion.filed_meeting}
        self.order = {mover.person_id: mover.position for mover in motion.movers.all()}

    def mover_list(self) -> list[Person]:
        """The chosen movers: those registered in their order, then those added."""
        return sorted(self.cleaned_data["movers"], key=lambda p: (self.order.get(p.pk, len(self.order) + 1), p.name))


class CaseOfficerForm(ServiceForm):
    """Name or change the case's officer (handläggare)."""

    case_officer = OfficerChoiceField(label=_("Handläggare"), queryset=get_user_model().objects.none(),
                                      required=False, empty_label=_("Ingen handläggare"),
                                      widget=forms.Select(attrs={"class": "form-select"}))
    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case_officer"].queryset = case_officers()
