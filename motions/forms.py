import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.forms import ConfirmedForm, DateField, DateInput, ServiceForm, VersionField
from organisation.models import Body, Membership, Person
from organisation.selectors import body_of_kind, roster_on


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, person):
        return f"{person.name} ({person.party})" if person.party else person.name


class MoverChoiceField(PersonChoiceField):
    """The council's members and substitutes, a substitute named as one."""

    substitutes: frozenset[int] = frozenset()

    def label_from_instance(self, person):
        label = super().label_from_instance(person)
        return _("%(person)s, ersättare") % {"person": label} if person.pk in self.substitutes else label


class MotionForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    received_on = DateField(label=_("Inkom"), widget=DateInput())
    movers = MoverChoiceField(
        label=_("Motionärer"), queryset=Person.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst en motionär.")},
    )
    filed_on = DateField(
        label=_("Väckt vid fullmäktiges sammanträde"), required=False, widget=DateInput(),
        help_text=_("Lämna tomt om sammanträdet inte är känt; motionen räknas då som väckt den dag den inkom."),
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

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
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

    def clean(self):
        data = super().clean()
        received, filed = data.get("received_on"), data.get("filed_on")
        if received and filed and filed < received:
            self.add_error("filed_on", _("Sammanträdet kan inte ligga före dagen motionen inkom."))
        return data

    def clause_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["clauses"].splitlines() if line.strip()]


class WithdrawForm(ConfirmedForm):
    confirm_label = _("Ja, motionen ska återkallas.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att motionen ska återkallas.")
    on = DateField(label=_("Återkallad den"), widget=DateInput())
    service_fields = {"date": "on"}
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = VersionField()
