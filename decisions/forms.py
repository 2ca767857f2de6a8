from dataclasses import dataclass

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from decisions.models import Outcome
from decisions.selectors.case_steps import STEP_SEND_BACK
from decisions.services.corrections import paragraph_version
from decisions.services.signing import NOTICE_DETAILS
from lib.errors import DomainError
from lib.forms import (
    DateField,
    DateInput,
    ModelChoiceField,
    ReasonField,
    ServiceForm,
    SubmissionField,
    TimeField,
    VersionField,
)
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions.forms import CaseStepForm
from organisation.forms import MeetingChoiceField
from organisation.models import Attendance, AttendanceChange, Body, Meeting, Membership, Municipality, Person
from organisation.services import AttendanceRecord, check_times


class DraftDecisionForm(CaseStepForm):
    drafted_on = DateField(label=_("Tjänsteskrivelsens datum"), widget=DateInput())
    proposal = forms.ChoiceField(label=_("Förslag till beslut"),
                                 choices=[("", _("Välj förslag")), *Outcome.choices])
    summary = forms.CharField(
        label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Förvaltningens text efter de meningar som skrivs ut från ärendet "
                    "(när motionen väcktes, vart den remitterats och vad svaren sade)."),
    )
    version = VersionField()
    service_fields = {"date": "drafted_on"}
    step_dates = {"drafted_on": True}


class AgendaForm(ServiceForm):
    """Which meeting is to handle the case next: one of the meeting plan's,
    of a body that can handle the case now."""

    meeting = MeetingChoiceField(label=_("Sammanträde"))

    def __init__(self, *args, meetings, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].offer(meetings, bodies=bodies)


class MinuteItemForm(ServiceForm):
    """A paragraph in a body's minutes on this case. The steps offered are
    the ones the case's status allows now."""

    step = forms.ChoiceField(label=_("Steg"), widget=forms.RadioSelect)
    meeting = MeetingChoiceField(label=_("Sammanträde"))
    number = forms.IntegerField(
        label=_("Paragraf (§)"), required=False, min_value=1, max_value=9999,
        help_text=_("Lämna tomt för numret från sammanträdets föredragningslista."),
    )
    outcome = forms.ChoiceField(label=_("Förslag till beslut"), required=False)
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Krävs vid återremiss."))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    version = VersionField()
    service_fields = {"date": "meeting", "proposal": "outcome"}

    # The outcome in the words of the body that handles the case: the preparing committee proposes or hands
    # over without a position, the board proposes, the council decides. Per place: label, blank choice, help.
    OUTCOME_WORDS = {
        Body.Kind.WORKING_COMMITTEE: (
            _("Förslag till beslut"), _("Inget eget förslag: överlämnas utan eget ställningstagande"),
            _("%(body)s kan lämna ärendet utan eget ställningstagande.")),
        Body.Kind.EXECUTIVE_BOARD: (
            _("Förslag till beslut"), _("Välj förslaget"),
            _("Det beslut som %(body)s föreslår fullmäktige. Anges när ärendet behandlas, inte vid bordläggning "
              "eller återremiss.")),
        Body.Kind.COUNCIL: (
            _("Beslut"), _("Välj beslutet"),
            _("Beslutet i %(body)s avslutar ärendet. Anges när ärendet behandlas, inte vid bordläggning "
              "eller återremiss.")),
    }

    def __init__(self, *args, steps, meetings, bodies, clauses, handling=None, **kwargs):
        """`steps`: (key, label) of the steps offered; `meetings`: the planned
        meetings of `bodies`, those that can take the steps; `handling`: the
        handle step among them (decisions.selectors.case_steps.MinuteStep),
        whose body's outcomes the form offers."""
        super().__init__(*args, **kwargs)
        self.fields["step"].choices = steps
        self.fields["meeting"].offer(meetings, bodies=bodies)
        if len(steps) == 1:
            self.fields["step"].initial = steps[0][0]
        if handling is None:
            # No step offered decides anything (a case the council can only strike off).
            del self.fields["outcome"]
            clauses = []
        else:
            label, blank, help_text = self.OUTCOME_WORDS[handling.place]
            outcome = self.fields["outcome"]
            outcome.label, outcome.help_text = label, help_text % {"body": handling.body}
            outcome.choices = [("", blank), *handling.outcomes]
            if Outcome.PARTLY_APPROVE not in dict(handling.outcomes):
                clauses = []  # each clause's decision is asked only at a partial approval
        self.clauses = list(clauses)
        for clause in self.clauses:
            self.fields[f"clause_{clause.number}"] = forms.TypedChoiceField(
                label=_("Att-sats %(n)s: %(text)s") % {"n": clause.number, "text": clause.text},
                choices=[("", "–"), ("1", _("Bifalls")), ("0", _("Avslås"))], coerce=lambda v: v == "1",
                required=False, empty_value=None,
                help_text=_("Anges vid delvis bifall."),
            )

    def clean(self):
        data = super().clean()
        if data.get("step") == STEP_SEND_BACK and not (data.get("reason") or "").strip():
            self.add_error("reason", _("En återremiss måste ha en motivering."))
        return data

    def clause_decisions(self) -> dict[int, bool] | None:
        decided = {
            clause.number: self.cleaned_data.get(f"clause_{clause.number}") for clause in self.clauses
        }
        decided = {number: value for number, value in decided.items() if value is not None}
        return decided or None


class MeetingForm(ServiceForm):
    """A new meeting of a body."""

    body = ModelChoiceField(label=_("Organ"), queryset=Body.objects.none(), empty_label=_("Välj organ"))
    date = DateField(label=_("Datum"), widget=DateInput())
    starts_at = TimeField(label=_("Börjar"), required=False)
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies
        # Several organisations in one installation: their bodies grouped under each one's name.
        groups: dict[str, list] = {}
        for body in bodies.select_related("municipality"):
            groups.setdefault(body.municipality.name, []).append((body.pk, body.name))
        if len(groups) > 1:
            self.fields["body"].choices = [("", _("Välj organ")), *groups.items()]


class MeetingPlanImportForm(ServiceForm):
    """A meeting plan file to import (decisions.services.meeting_plan)."""

    file = forms.FileField(
        label=_("Fil med sammanträdesplan (CSV)"),
        help_text=_("En rubrikrad organ;datum;tid;plats och ett sammanträde per rad, till exempel "
                    "”Kommunstyrelsen;2027-02-03;13:00;Sessionssalen”. Tid och plats får lämnas tomma. "
                    "Semikolon eller komma; UTF-8 eller Excels CSV-format."),
    )
    organisation = ModelChoiceField(label=_("Organisation"), queryset=Municipality.objects.none(),
                                          empty_label=None)

    # Large enough for any year's plan of every body; a bigger file is not a plan.
    MAX_SIZE = 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Municipality.objects.order_by("id")

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise forms.ValidationError(_("Filen är för stor för en sammanträdesplan (högst 1 MB)."))
        data = upload.read()
        for encoding in ("utf-8-sig", "cp1252"):  # Excel saves "CSV (semikolonavgränsad)" in Windows-1252
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("Filen är inte en textfil (CSV)."))


class MeetingDetailsForm(ServiceForm):
    starts_at = TimeField(label=_("Började"), required=False)
    ends_at = TimeField(label=_("Slutade"), required=False)
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    kept_at = forms.CharField(label=_("Förvaringsplats för protokollet"), max_length=200, required=False,
                              help_text=_("Som i anslaget, till exempel ”Kommunstyrelsens förvaltning”."))

    def clean(self):
        data = super().clean()
        try:  # the service's check, run with the fields' own
            check_times(data.get("starts_at"), data.get("ends_at"))
        except DomainError as error:
            self.place_domain_error(error)
        return data


class AttendanceForm(forms.Form):
    person = ModelChoiceField(label=_("Person"), queryset=Person.objects.none(), required=False,
                                    empty_label=_("Välj person"))
    role = forms.ChoiceField(label=_("Roll"), choices=Attendance.Role.choices, required=False)
    replaces = ModelChoiceField(label=_("Ersätter"), queryset=Person.objects.none(), required=False,
                                      empty_label="–")
    duty = forms.ChoiceField(label=_("Uppdrag"), choices=Attendance.Duty.choices, required=False)
    title = forms.CharField(label=_("Titel"), max_length=100, required=False)
    signs = forms.BooleanField(label=_("Justerare"), required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("person", "replaces"):
            self.fields[name].queryset = people if people is not None else Person.objects.none()

    def clean(self):
        data = super().clean()
        if data.get("person") and not data.get("role"):
            self.add_error("role", _("Välj roll."))
        return data


AttendanceFormSet = forms.formset_factory(AttendanceForm, extra=6, max_num=150)
# Beside a roster: a few rows for someone not on it.
ExtraAttendanceFormSet = forms.formset_factory(AttendanceForm, extra=3, max_num=30)


def _party_name(membership: Membership) -> str:
    return membership.party.abbreviation if membership.party_id else _("utan parti")


def roster_line(membership: Membership) -> str:
    """Someone on the roster as the attendance page names them: "Per Holm (S), ordförande",
    "Maja Lind (M), ersättare nr 1", "Helena Strand, sekreterare"."""
    person = membership.person
    line = f"{person.name} ({membership.party.abbreviation})" if membership.party_id else person.name
    if membership.duty:
        line += f", {str(membership.get_duty_display()).lower()}"
    if membership.role == Membership.Role.SUBSTITUTE:
        line += ", " + (_("ersättare nr %(n)s") % {"n": membership.substitute_order}
                        if membership.substitute_order else str(_("ersättare")))
    elif membership.role in Membership.OFFICIALS:
        title = membership.title or str(membership.get_role_display()).lower()
        line += f", {title}"
    return line


class SubstituteChoiceField(forms.TypedChoiceField):
    """Who serves for an absent member: offered among the substitutes of the
    member's party in their order. Any substitute on the roster is accepted
    here, so that the form can say why one of another party cannot serve."""

    def __init__(self, *, accepted: set[str], **kwargs):
        super().__init__(coerce=int, empty_value=None, required=False, **kwargs)
        self.accepted = accepted

    def valid_value(self, value):
        return str(value) in self.accepted or super().valid_value(value)


@dataclass(frozen=True)
class RosterRow:
    """One person on the roster, with the page's fields for them."""

    membership: Membership
    present: forms.BoundField
    replaced_by: forms.BoundField | None = None
    signs: forms.BoundField | None = None

    @property
    def fields(self) -> list[forms.BoundField]:
        return [field for field in (self.present, self.replaced_by, self.signs) if field is not None]

    @property
    def errors(self) -> list[str]:
        return [error for field in self.fields for error in field.errors]


class RosterAttendanceForm(forms.Form):
    """A meeting's attendance taken from the body's roster on the meeting
    day: every member present and serving unless unticked, an absent
    member's place taken by a substitute of the same party (called in in the
    party's order); other substitutes present but not serving when ticked;
    the secretary and the officials present besides. The chair's duty is
    carried over, the vice chairs' as vice chair."""

    chair = forms.TypedChoiceField(label=_("Ordförande vid sammanträdet"), coerce=int, empty_value=None,
                                   required=False)

    def __init__(self, *args, roster: list[Membership], all_present: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.members: list[Membership] = []
        self.substitutes: list[Membership] = []
        self.officials: list[Membership] = []
        seen = set()
        for membership in roster:
            if membership.person_id in seen:  # two seats on one day: the first in the roster's order
                continue
            seen.add(membership.person_id)
            {Membership.Role.MEMBER: self.members, Membership.Role.SUBSTITUTE: self.substitutes}.get(
                membership.role, self.officials).append(membership)
        self._substitute = {s.person_id: s for s in self.substitutes}
        accepted = {str(pk) for pk in self._substitute}
        chair = next((m for m in self.members if m.duty == Membership.Duty.CHAIR), None)
        self.fields["chair"].choices = [("", _("Ingen")), *((m.person_id, roster_line(m)) for m in self.members)]
        self.fields["chair"].initial = chair.person_id if chair else None
        self.fields["chair"].help_text = _("Om ordföranden är frånvarande: den vice ordförande som leder sammanträdet.")
        check = {"class": "form-check-input"}
        for member in self.members:
            pk = member.person_id
            self.fields[f"present_{pk}"] = forms.BooleanField(
                label=roster_line(member), required=False, initial=all_present, widget=forms.CheckboxInput(check))
            substitutes = [(s.person_id, f"{s.substitute_order}. {s.person.name}" if s.substitute_order
                            else s.person.name) for s in self.substitutes if s.party_id == member.party_id]
            self.fields[f"replaced_by_{pk}"] = SubstituteChoiceField(
                label=_("Ersätts av"), choices=[("", _("Ingen ersättare")), *substitutes], accepted=accepted,
                widget=forms.Select({"class": "form-select form-select-sm"}))
            self.fields[f"signs_{pk}"] = forms.BooleanField(label=_("Justerare"), required=False,
                                                            widget=forms.CheckboxInput(check))
        for membership in self.substitutes:
            self.fields[f"present_{membership.person_id}"] = forms.BooleanField(
                label=roster_line(membership), required=False, widget=forms.CheckboxInput(check))
        for membership in self.officials:
            self.fields[f"present_{membership.person_id}"] = forms.BooleanField(
                label=roster_line(membership), required=False, initial=all_present, widget=forms.CheckboxInput(check))
        self.replacements: dict[int, Membership] = {}  # substitute's person id -> the member they serve for

    def _row(self, membership: Membership) -> RosterRow:
        pk = membership.person_id
        if membership.role != Membership.Role.MEMBER:
            return RosterRow(membership, self[f"present_{pk}"])
        return RosterRow(membership, self[f"present_{pk}"], self[f"replaced_by_{pk}"], self[f"signs_{pk}"])

    def member_rows(self) -> list[RosterRow]:
        return [self._row(m) for m in self.members]

    def substitute_rows(self) -> list[RosterRow]:
        return [self._row(m) for m in self.substitutes]

    def official_rows(self) -> list[RosterRow]:
        return [self._row(m) for m in self.officials]

    def error_links(self) -> list[tuple[str, str]]:
        """Every error, with the id of the field it belongs to ("" for the form's own)."""
        return [(self[name].auto_id if name in self.fields else "", error)
                for name, errors in self.errors.items() for error in errors]

    def clean(self):
        data = super().clean()
        for member in self.members:
            pk, name = member.person_id, member.person.name
            present = data.get(f"present_{pk}")
            if data.get(f"signs_{pk}") and not present:
                self.add_error(f"signs_{pk}", _("%(name)s är frånvarande och kan inte justera protokollet.")
                               % {"name": name})
            chosen = data.get(f"replaced_by_{pk}")
            if chosen is None:
                continue
            substitute = self._substitute[chosen]
            field = f"replaced_by_{pk}"
            if present:
                self.add_error(field, _("%(name)s är närvarande. Bocka ur %(name)s om %(substitute)s ska "
                                        "tjänstgöra i stället.") % {"name": name, "substitute": substitute.person})
            elif substitute.party_id != member.party_id:
                self.add_error(field, _("%(substitute)s är ersättare för %(their)s och kan inte ersätta %(name)s "
                                        "(%(party)s). Välj en ersättare för %(party)s.")
                               % {"substitute": substitute.person, "their": _party_name(substitute), "name": name,
                                  "party": _party_name(member)})
            elif chosen in self.replacements:
                self.add_error(field, _("%(substitute)s ersätter redan %(other)s.")
                               % {"substitute": substitute.person, "other": self.replacements[chosen].person})
            else:
                self.replacements[chosen] = member
        chair = data.get("chair")
        if chair is not None and not data.get(f"present_{chair}"):
            self.add_error("chair", _("%(name)s är frånvarande. Välj vem som är ordförande vid sammanträdet.")
                           % {"name": next(m.person for m in self.members if m.person_id == chair)})
        return data

    def records(self) -> list[tuple[AttendanceRecord, str]]:
        """The attendance to record, in the roster's order (a substitute in the
        place of the member they serve for), each with the field its errors go to."""
        data = self.cleaned_data
        chair = data.get("chair")
        vice_chairs = {Membership.Duty.FIRST_VICE_CHAIR, Membership.Duty.SECOND_VICE_CHAIR}
        serving_for = {member.person_id: substitute for substitute, member in self.replacements.items()}
        rows = []
        for member in self.members:
            pk = member.person_id
            if data.get(f"present_{pk}"):
                duty = (Attendance.Duty.CHAIR if pk == chair
                        else Attendance.Duty.VICE_CHAIR if member.duty in vice_chairs else "")
                # Each sits for the party of their seat.
                rows.append((AttendanceRecord(member.person, Attendance.Role.MEMBER, duty=duty, party=member.party,
                                              signs=bool(data.get(f"signs_{pk}"))), f"present_{pk}"))
            elif pk in serving_for:
                seat = self._substitute[serving_for[pk]]
                rows.append((AttendanceRecord(seat.person, Attendance.Role.SUBSTITUTE, replaces=member.person,
                                              party=seat.party), f"replaced_by_{pk}"))
        for substitute in self.substitutes:
            pk = substitute.person_id
            if pk not in self.replacements and data.get(f"present_{pk}"):
                rows.append((AttendanceRecord(substitute.person, Attendance.Role.NOT_SERVING, party=substitute.party),
                             f"present_{pk}"))
        secretary = False
        for official in self.officials:
            pk = official.person_id
            if data.get(f"present_{pk}"):
                duty = ""
                if official.role == Membership.Role.SECRETARY and not secretary:
                    duty, secretary = Attendance.Duty.SECRETARY, True
                rows.append((AttendanceRecord(official.person, Attendance.Role.OTHER, duty=duty,
                                              title=official.title), f"present_{pk}"))
        return rows


class PersonChoice(ModelChoiceField):
    def label_from_instance(self, person):
        return f"{person.name} ({person.party})" if person.party else person.name


class AttendanceChangeForm(ServiceForm):
    """Someone leaving or arriving during the meeting, from a paragraph on."""

    person = PersonChoice(label=_("Vem"), queryset=Person.objects.none(), empty_label=_("Välj person"))
    kind = forms.ChoiceField(label=_("Ändring"), choices=AttendanceChange.Kind.choices, widget=forms.RadioSelect)
    from_number = forms.IntegerField(label=_("Från och med paragraf (§)"), min_value=1, max_value=9999)
    at = TimeField(label=_("Klockslag"), required=False)
    replaced_by = PersonChoice(
        label=_("Ersättare"), queryset=Person.objects.none(), required=False, empty_label=_("Ingen"),
        help_text=_("För den som lämnar: vem som tjänstgör i stället. För den som ankommer: vem som tjänstgjort "
                    "dittills. Ersättaren ska stå i närvarolistan."))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["replaced_by"].queryset = people


class OtherMatterForm(ServiceForm):
    title = forms.CharField(label=_("Rubrik"), max_length=400,
                            help_text=_("Till exempel ”Val av justerare” eller ”Information från förvaltningen”."))


class OtherMinuteForm(ServiceForm):
    number = forms.IntegerField(label=_("Paragraf (§)"), required=False, min_value=1, max_value=9999,
                                help_text=_("Lämna tomt för numret från föredragningslistan."))
    decision_text = forms.CharField(label=_("Beslut"), widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 5}))


class SigningForm(ServiceForm):
    """The signing and what its notice states; the minutes are signed after a
    confirmation that shows what becomes locked."""

    starts_at = TimeField(label=_("Sammanträdet började"), required=False)
    place = forms.CharField(label=_("Plats"), max_length=200, required=False)
    kept_at = forms.CharField(label=_("Förvaringsplats för protokollet"), max_length=200, required=False,
                              help_text=_("Som i anslaget, till exempel ”Kommunstyrelsens förvaltning”."))
    signed_on = DateField(label=_("Justerat"), widget=DateInput())
    posted_on = DateField(
        label=_("Anslaget sätts upp"), required=False, widget=DateInput(),
        help_text=_("Tomt: andra dagen efter justeringen, den sista dag lagen medger (KL 8 kap. 12 §). "
                    "”Föreslå datum” fyller i förslagen."))
    appeal_until = DateField(
        label=_("Sista dag att överklaga"), required=False, widget=DateInput(),
        help_text=_("Tomt: tre veckor efter anslaget, flyttat till nästa vardag vid lördag, söndag eller "
                    "helgdag (KL 13 kap. 5 §)."))
    notice_removed_on = DateField(
        label=_("Anslaget tas ned"), required=False, widget=DateInput(),
        help_text=_("Tomt: dagen efter sista dag att överklaga."))

    def clean(self):
        data = super().clean()
        # The notice states them: each missing one is named at its field, all at once.
        for field, message in NOTICE_DETAILS.items():
            if field not in self.errors and not data.get(field):
                self.add_error(field, str(message))
        return data


class AppealForm(ServiceForm):
    lodged_on = DateField(label=_("Överklagandet kom in"), widget=DateInput())
    court_case = forms.CharField(label=_("Förvaltningsrättens målnummer"), max_length=60, required=False)
    note = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    submission = SubmissionField()


class MeetingFilterForm(forms.Form):
    """The meeting list's filters; a value that is not valid is left out, with a message at its field."""

    organisation = ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Municipality.objects.order_by("name"), empty_label=_("Alla"))
    body = ModelChoiceField(label=_("Organ"), required=False, queryset=Body.objects.none(),
                                  empty_label=_("Alla"))
    year = forms.IntegerField(label=_("År"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    minutes = forms.ChoiceField(label=_("Protokoll"), required=False)

    def __init__(self, *args, minutes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["minutes"].choices = minutes
        # A lookup per body in the meetings' (body, date) index, not a join of every meeting.
        self.fields["body"].queryset = Body.objects.filter(
            Exists(Meeting.objects.filter(body=OuterRef("pk")))).order_by("name")
        self.several_organisations = Municipality.objects.count() > 1
        if not self.several_organisations:
            del self.fields["organisation"]
class DraftCorrectionForm(DraftDecisionForm):
    reason = ReasonField()


class ParagraphCorrectionForm(ServiceForm):
    """A recorded paragraph, opened again: its texts and, for a case, the
    outcome of the same step, to be recorded anew."""

    heading = forms.CharField(label=_("Rubrik"), max_length=400, required=False)
    outcome = forms.ChoiceField(label=_("Beslut eller förslag"), required=False)
    decision_text = forms.CharField(label=_("Beslut"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    decision_clauses = forms.CharField(
        label=_("Beslutstext"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Beslutet som protokollet skriver det, en beslutspunkt per rad. Tomt: beslutsmeningen skrivs "
                    "ut från beslutet."))
    motivation = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    summary = forms.CharField(label=_("Sammanfattning"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    reason = ReasonField(label=_("Varför rättas paragrafen?"))
    version = VersionField()
    # The paragraph as the page showed it (decisions.services.corrections.paragraph_version).
    seen = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, item, outcomes, hands_over: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.item = item
        self.clauses = []
        if item.motion_id is None:
            del self.fields["outcome"]
            self.fields["heading"].required = True
            self.fields["decision_text"].required = True
        else:
            del self.fields["decision_text"]
            self.fields["heading"].help_text = _("Tomt: rubriken skrivs ut från ärendet.")
            if outcomes:
                empty = [("", _("Utan eget ställningstagande"))] if hands_over else []
                self.fields["outcome"].choices = [*empty, *outcomes]
                self.fields["outcome"].required = not hands_over
                self.clauses = list(item.motion.clauses.all())
            else:
                del self.fields["outcome"]
        for clause in self.clauses:
            self.fields[f"clause_{clause.number}"] = forms.TypedChoiceField(
                label=_("Att-sats %(n)s: %(text)s") % {"n": clause.number, "text": clause.text},
                choices=[("", "–"), ("1", _("Bifalls")), ("0", _("Avslås"))], coerce=lambda v: v == "1",
                required=False, empty_value=None, help_text=_("Anges vid delvis bifall."))

    def place_domain_error(self, error: DomainError) -> None:
        if error.field == "seen":
            # Sending the form again is then a deliberate choice to save it over the change made since.
            self.data = self.data.copy()
            self.data["seen"] = paragraph_version(self.item)
            self.add_error(None, error.message)
            return
        super().place_domain_error(error)

    def clause_decisions(self) -> dict[int, bool] | None:
        decided = {c.number: self.cleaned_data.get(f"clause_{c.number}") for c in self.clauses}
        return {number: value for number, value in decided.items() if value is not None} or None


class RectificationForm(ServiceForm):
    made_on = DateField(label=_("Datum"), widget=DateInput())
    text = forms.CharField(
        label=_("Rättelse"), widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Vad som rättas, som det ska stå under paragrafen, till exempel: ”I beslutet ska det stå "
                    "2022-03-01, inte 2021-03-01.”"))
