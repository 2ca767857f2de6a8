"""The forms of a paragraph's record (Paragrafens förlopp): who spoke, the
proposals, the order of decision, the votes with their roll-calls, the
reservations, statements, notes and conflicts of interest, the decision's
clauses and who is sent it. The pickers offer those present or serving at
the paragraph; the service checks the record as a whole."""

import os

from django import forms
from django.utils.translation import gettext_lazy as _

from decisions.models import Ballot, Proposal, Vote
from lib.forms import ModelChoiceField, ModelMultipleChoiceField, ServiceForm
from organisation.models import Person
from referrals.forms import validate_pdf

MAX_ROWS = 200  # a council has at most 101 members; a paragraph rarely has more rows of anything


class PersonField(ModelChoiceField):
    """A person as the minutes name them at the meeting: "Eva Lund (S)"."""

    labels: dict[int, str] = {}

    def label_from_instance(self, person):
        return self.labels.get(person.pk, person.name)


class PeopleField(ModelMultipleChoiceField):
    labels: dict[int, str] = {}

    def label_from_instance(self, person):
        return self.labels.get(person.pk, person.name)


def _people(field, queryset, labels):
    field.queryset = queryset if queryset is not None else Person.objects.none()
    field.labels = labels or {}
    return field


def lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class ParagraphForm(ServiceForm):
    """What is one per paragraph: the speakers, the clauses and the distribution."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # When the page was opened: a refusal names what was recorded at the meeting since.
    opened_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    speakers = PeopleField(label=_("Yttrar sig under överläggningen"), queryset=Person.objects.none(),
                           required=False, widget=forms.CheckboxSelectMultiple,
                           help_text=_("De närvarande vid paragrafen."))
    decision_clauses = forms.CharField(
        label=_("Beslutet i att-satser"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("En att-sats per rad, som protokollet ska skriva beslutet. Tomt: beslutsmeningen skrivs ut "
                    "från ärendet."))
    distribution = forms.CharField(
        label=_("Beslutet skickas till"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("En mottagare per rad, till exempel ”Socialnämnden” eller ”Motionären”."))

    def __init__(self, *args, present=None, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["speakers"], present, labels)


class RowForm(forms.Form):
    """One row of a list on the page; a row left empty is not part of the record."""

    def filled(self) -> bool:
        data = getattr(self, "cleaned_data", None) or {}
        return not data.get("DELETE") and self.is_filled(data)

    def is_filled(self, data) -> bool:
        return bool(data.get("person"))


class ProposalForm(RowForm):
    person = PersonField(label=_("Yrkande av"), queryset=Person.objects.none(), required=False,
                         empty_label=_("Välj ledamot"))
    kind = forms.ChoiceField(label=_("Typ"), choices=Proposal.Kind.choices, initial=Proposal.Kind.MAIN,
                             required=False)
    rank = forms.TypedChoiceField(
        label=_("I vilken hand"), required=False, coerce=int, empty_value=None,
        choices=[("", _("Enda yrkandet")), ("1", _("I första hand")), ("2", _("I andra hand")),
                 ("3", _("I tredje hand")), ("4", _("I fjärde hand"))],
        help_text=_("När ledamoten yrkar i första hand … i andra hand …"))
    text = forms.CharField(label=_("Yrkar"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Det som följer på ”yrkar”, till exempel ”bifall till motionen”."))
    seconders = PeopleField(label=_("Instämmer"), queryset=Person.objects.none(), required=False,
                            widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, serving=None, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], serving, labels)
        _people(self.fields["seconders"], serving, labels)

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or Proposal.Kind.MAIN
        if not data.get("person") and "person" not in self.errors and (data.get("text") or data.get("seconders")):
            self.add_error("person", _("Välj vem som yrkar."))
        if data.get("person") and not (data.get("text") or "").strip():
            self.add_error("text", _("Skriv vad ledamoten yrkar."))
        return data


class QuestionForm(RowForm):
    text = forms.CharField(label=_("Ordföranden ställer proposition på"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}),
                           help_text=_("Till exempel ”om ärendet ska avgöras i dag eller återremitteras”."))
    finding = forms.CharField(label=_("och finner att"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
                              help_text=_("Tomt: propositionen skrivs som den står."))

    def is_filled(self, data) -> bool:
        return bool((data.get("text") or "").strip())

    def clean(self):
        data = super().clean()
        if (data.get("finding") or "").strip() and not (data.get("text") or "").strip():
            self.add_error("text", _("Skriv vad ordföranden ställer proposition på."))
        return data


SIDES = [("", "–"), *Vote.Side.choices]
BALLOT_CHOICES = [*Ballot.Choice.choices, ("", _("Ej röstat"))]


class VoteForm(RowForm):
    """A vote: a roll-call, one row per member serving at the paragraph, whose
    counts are derived; or a closed vote (val) with its counts."""

    kind = forms.ChoiceField(label=_("Omröstning"), choices=Vote.Kind.choices, initial=Vote.Kind.ROLL_CALL,
                             required=False, widget=forms.RadioSelect)
    question = forms.CharField(label=_("Voteringsproposition"), required=False,
                               widget=forms.Textarea(attrs={"rows": 2}),
                               help_text=_("Till exempel ”den som vill bifalla kommunstyrelsens förslag röstar ja; "
                                           "vinner nej har Eva Lunds yrkande bifallits”."))
    yes_for = forms.CharField(label=_("Ja-röst för"), max_length=300, required=False)
    no_for = forms.CharField(label=_("Nej-röst för"), max_length=300, required=False)
    yes = forms.IntegerField(label=_("Antal ja"), min_value=0, max_value=999, required=False)
    no = forms.IntegerField(label=_("Antal nej"), min_value=0, max_value=999, required=False)
    abstained = forms.IntegerField(label=_("Antal som avstår"), min_value=0, max_value=999, required=False)
    won = forms.ChoiceField(label=_("Lotten föll på"), choices=SIDES, required=False,
                            help_text=_("Vid lika röstetal i en sluten omröstning avgör lotten."))
    casting_vote = forms.ChoiceField(label=_("Ordförandens utslagsröst"), choices=SIDES, required=False,
                                     help_text=_("Bara när rösterna utfaller lika."))
    result = forms.CharField(label=_("Utfall"), required=False,
                             help_text=_("Som protokollet skriver det efter antalen, till exempel ”beslutar "
                                         "kommunstyrelsen enligt arbetsutskottets förslag”."))

    def __init__(self, *args, voters=(), labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.voters = list(voters)
        labels = labels or {}
        for person in self.voters:
            self.fields[self.ballot_name(person)] = forms.ChoiceField(
                label=labels.get(person.pk, person.name), choices=BALLOT_CHOICES, required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}))

    @staticmethod
    def ballot_name(person) -> str:
        return f"ballot_{person.pk}"

    def roll_call(self):
        """The roll-call's rows: each serving member with their vote's field."""
        return [self[self.ballot_name(person)] for person in self.voters]

    def ballots(self) -> list[tuple[Person, str]]:
        return [(person, self.cleaned_data.get(self.ballot_name(person)) or "") for person in self.voters
                if self.cleaned_data.get(self.ballot_name(person))]

    def is_filled(self, data) -> bool:
        return bool((data.get("question") or "").strip() or self.ballots()
                    or any(data.get(name) is not None for name in ("yes", "no", "abstained")))

    def clean(self):
        data = super().clean()
        data["kind"] = data.get("kind") or Vote.Kind.ROLL_CALL
        if data["kind"] == Vote.Kind.ROLL_CALL:
            for name in ("yes", "no", "abstained"):
                if data.get(name) is not None:
                    self.add_error(name, _("Vid öppen omröstning räknas antalen fram ur röstlistan; lämna fältet "
                                           "tomt."))
            if data.get("won"):
                self.add_error("won", _("Lotten avgör bara en sluten omröstning."))
            if (data.get("question") or "").strip() and not self.ballots():
                self.add_error(None, _("Fyll i röstlistan: hur var och en har röstat. Vid en sluten omröstning "
                                       "anges bara antalen."))
        elif data.get("kind") == Vote.Kind.CLOSED and data.get("casting_vote"):
            self.add_error("casting_vote", _("Vid lika röstetal i en sluten omröstning avgör lotten, inte "
                                             "ordförandens utslagsröst."))
        return data


class AnnexMixin:
    """A document handed in as an annex (PDF). A row keeps the one it has
    unless a new one is chosen or "keep" is unticked."""

    def setup_annex(self, documents):
        self.documents = set(documents or ())

    def check_annex(self):
        name = self.cleaned_data.get("current_document") or ""
        if name and name not in self.documents:
            self.cleaned_data["current_document"] = ""
            self.add_error(None, _("Bilagan hör inte till paragrafen; ladda om sidan."))

    def annex(self):
        """The upload to store, or the stored name to keep ("" for none)."""
        data = self.cleaned_data
        if data.get("document"):
            return data["document"]
        return data.get("current_document", "") if data.get("keep_document") else ""

    def current_name(self) -> str:
        return os.path.basename(self.initial.get("current_document") or self.data.get(
            self.add_prefix("current_document"), "") or "")


def _annex_fields():
    return {
        "document": forms.FileField(label=_("Bilaga (PDF)"), required=False, validators=[validate_pdf],
                                    help_text=_("Högst 20 MB.")),
        "current_document": forms.CharField(widget=forms.HiddenInput, required=False),
        "keep_document": forms.BooleanField(label=_("Behåll den nuvarande bilagan"), required=False),
    }


class ReservationForm(AnnexMixin, RowForm):
    person = PersonField(label=_("Reserverar sig"), queryset=Person.objects.none(), required=False,
                         empty_label=_("Välj ledamot"))
    group = forms.IntegerField(label=_("Grupp"), min_value=1, max_value=MAX_ROWS, required=False,
                               help_text=_("Reservationer med samma nummer skrivs som en mening. Tomt: en egen."))
    in_favour_of = forms.ChoiceField(label=_("Till förmån för"), required=False)
    text = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    written = forms.BooleanField(label=_("Skriftlig reservation"), required=False)

    def __init__(self, *args, serving=None, labels=None, proposals=(), documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_annex_fields())
        _people(self.fields["person"], serving, labels)
        self.fields["in_favour_of"].choices = [("", "–"), *proposals]
        self.setup_annex(documents)

    def clean(self):
        data = super().clean()
        self.check_annex()
        if not data.get("person") and "person" not in self.errors and (
                (data.get("text") or "").strip() or data.get("document") or data.get("in_favour_of")):
            self.add_error("person", _("Välj vem som reserverar sig."))
        return data


class StatementForm(AnnexMixin, RowForm):
    person = PersonField(label=_("Särskilt yttrande av"), queryset=Person.objects.none(), required=False,
                         empty_label=_("Välj person"))
    text = forms.CharField(label=_("Yttrande"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Texten, eller en bilaga."))

    def __init__(self, *args, present=None, labels=None, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_annex_fields())
        _people(self.fields["person"], present, labels)
        self.setup_annex(documents)

    def clean(self):
        data = super().clean()
        self.check_annex()
        if not data.get("person") and "person" not in self.errors and (
                (data.get("text") or "").strip() or data.get("document")):
            self.add_error("person", _("Välj vem som lämnar yttrandet."))
        if data.get("person") and not (data.get("text") or "").strip() and not self.annex():
            self.add_error("text", _("Skriv yttrandet eller bifoga det som bilaga."))
        return data


class NoteForm(RowForm):
    text = forms.CharField(label=_("Anteckning"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    person = PersonField(label=_("Antecknad av"), queryset=Person.objects.none(), required=False,
                         empty_label=_("Ingen ledamot (ordföranden, sekreteraren)"))

    def __init__(self, *args, present=None, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], present, labels)

    def is_filled(self, data) -> bool:
        return bool((data.get("text") or "").strip())

    def clean(self):
        data = super().clean()
        if data.get("person") and not (data.get("text") or "").strip():
            self.add_error("text", _("Skriv anteckningen."))
        return data


class ConflictForm(RowForm):
    person = PersonField(label=_("Anmäler jäv"), queryset=Person.objects.none(), required=False,
                         empty_label=_("Välj person"))
    text = forms.CharField(label=_("Anteckning"), required=False,
                           help_text=_("Tomt: ”anmäler jäv och deltar inte i handläggningen av ärendet”."))

    def __init__(self, *args, present=None, labels=None, **kwargs):
        super().__init__(*args, **kwargs)
        _people(self.fields["person"], present, labels)

    def clean(self):
        data = super().clean()
        if not data.get("person") and "person" not in self.errors and (data.get("text") or "").strip():
            self.add_error("person", _("Välj vem som anmäler jäv."))
        return data


class RowFormSet(forms.BaseFormSet):
    """Rows in order; "Ta bort" leaves a row out of the record."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Ta bort")

    def filled(self) -> list[tuple[int, forms.Form]]:
        """The rows that are part of the record, with their place on the page."""
        return [(index, form) for index, form in enumerate(self.forms) if form.filled()]


def _formset(form, extra=2):
    return forms.formset_factory(form, formset=RowFormSet, extra=extra, can_delete=True, max_num=MAX_ROWS,
                                 absolute_max=MAX_ROWS)


ProposalFormSet = _formset(ProposalForm)
QuestionFormSet = _formset(QuestionForm)
VoteFormSet = _formset(VoteForm, extra=1)
ReservationFormSet = _formset(ReservationForm)
StatementFormSet = _formset(StatementForm, extra=1)
NoteFormSet = _formset(NoteForm, extra=1)
ConflictFormSet = _formset(ConflictForm, extra=1)
