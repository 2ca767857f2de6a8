from functools import partial

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.forms import DocumentFileField, DocumentFileForm, file_help
from documents.services import refusal
from lib.filetypes import PDF, RefusedFile, identify
from lib.forms import (
    ConfirmedForm,
    DateField,
    DateInput,
    ModelChoiceField,
    ModelMultipleChoiceField,
    ReasonField,
    ServiceForm,
    VersionField,
)
from lib.time_limits import FIRST_YEAR, LAST_YEAR
from motions.forms import CaseStepForm
from organisation.models import Body, Municipality, Party
from referrals.models import Referral
from referrals.services import check_new_due_date, check_not_before_sent


class ReferForm(CaseStepForm):
    """Refer to several bodies at once; one due date for all unless a body has its own."""

    bodies = ModelMultipleChoiceField(
        label=_("Remissinstanser"), queryset=Body.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett organ att remittera till.")},
    )
    sent_on = DateField(label=_("Remissdatum"), widget=DateInput())
    due_on = DateField(label=_("Svar senast"), widget=DateInput())
    version = VersionField()
    service_fields = {"bodies": "bodies", "due_on": "due_on", "date": "sent_on"}
    step_dates = {"sent_on": True}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies
        # An own due date per body, when it differs from the common one.
        for body in bodies:
            self.fields[f"due_{body.pk}"] = DateField(
                label=_("Svar senast från %(body)s") % {"body": body.name}, required=False,
                widget=DateInput(), help_text=_("Lämna tomt för samma datum som ovan."),
            )

    def clean(self):
        data = super().clean()
        sent = data.get("sent_on")
        for name in ["due_on", *(f"due_{body.pk}" for body in self.fields["bodies"].queryset)]:
            due = data.get(name)
            if sent and due and due < sent:
                self.add_error(name, _("Svarsdatumet (%(due)s) ligger före remissdatumet (%(sent)s).")
                               % {"due": due.isoformat(), "sent": sent.isoformat()})
        return data

    def requests(self) -> list[tuple[Body, object]]:
        data = self.cleaned_data
        self.requested = [(body, data.get(f"due_{body.pk}") or data["due_on"]) for body in data["bodies"]]
        return self.requested

    def place_domain_error(self, error) -> None:
        # An error on one body's due date belongs to that body's own date, when it has one.
        if error.field == "due_on" and error.index is not None:
            body = self.requested[error.index][0]
            if self.data.get(self.add_prefix(f"due_{body.pk}")):
                self.add_error(f"due_{body.pk}", error.message)
                return
        super().place_domain_error(error)

    def own_dates_have_errors(self) -> bool:
        return any(name.startswith("due_") and name != "due_on" for name in self.errors)


class ReferralStepForm(CaseStepForm):
    """A step on one referral: its dates are also checked against the day it was sent."""

    def __init__(self, *args, referral: Referral | None = None, **kwargs):
        super().__init__(*args, motion=referral.motion if referral else None, **kwargs)
        self.referral = referral

    def field_checks(self):
        checks = super().field_checks()
        if self.referral is None:
            return checks
        for name in self.step_dates:
            checks[name] = _both(partial(check_not_before_sent, self.referral, field=name), checks[name])
        return checks


def _both(first, second):
    """One date's checks in turn: the first refusal is the one to show."""
    def check(value):
        first(value)
        second(value)
    return check


class ExtendForm(ReferralStepForm):
    due_on = DateField(label=_("Ny svarstid"), widget=DateInput())
    on = DateField(label=_("Beslutad den"), widget=DateInput())
    service_fields = {"date": "on"}
    step_dates = {"on": False}

    def field_checks(self):
        checks = super().field_checks()
        if self.referral is not None:
            checks["due_on"] = partial(check_new_due_date, self.referral)
        return checks


class WithdrawReferralForm(ReferralStepForm, ConfirmedForm):
    confirm_label = _("Ja, remissen ska återkallas.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att remissen ska återkallas.")
    on = DateField(label=_("Återkallad den"), widget=DateInput())
    service_fields = {"date": "on"}
    step_dates = {"on": False}
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def validate_pdf(upload) -> None:
    """A PDF by its content, not its name, of at most DOCUMENT_MAX_BYTES, that
    parses and carries no JavaScript or files of its own (lib.filetypes)."""
    limit = settings.DOCUMENT_MAX_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Filen är %(size)s; en bilaga får vara högst %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    try:
        found = identify(upload)
    except RefusedFile as refused:
        raise forms.ValidationError(refusal(refused)) from None
    if found != PDF:
        raise forms.ValidationError(_("Filen är inte en PDF (innehållet är inte PDF, oavsett filnamnet)."))


class AnswerForm(ReferralStepForm):
    decided_on = DateField(label=_("Beslutsdatum"), widget=DateInput(),
                                 help_text=_("Dagen då organet beslutade sitt yttrande."))
    paragraph = forms.CharField(label=_("Paragraf"), max_length=20, required=False,
                                help_text=_("Till exempel § 112."))
    body_case_number = forms.CharField(label=_("Organets diarienummer"), max_length=30, required=False)
    text = forms.CharField(label=_("Yttrande"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 10}))
    document = DocumentFileField(label=_("Protokollsutdrag eller yttrande"), required=False)
    service_fields = {"date": "decided_on", "file": "document", "dated_on": "decided_on"}
    step_dates = {"decided_on": False}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].help_text = file_help()


class AnswerDocumentForm(DocumentFileForm):
    """Another document to the answer, or a new version of one of its documents."""

    file = DocumentFileField(label=_("Fil"))
    replaces = forms.TypedChoiceField(label=_("Ersätter"), coerce=int, required=False, empty_value=None)
    dated_on = DateField(label=_("Handlingens datum"), widget=DateInput())
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False,
                            help_text=_("Lämna tomt för svarets rubrik, eller den ersatta handlingens."))
    reason = forms.CharField(label=_("Varför handlingen ersätts"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replaces"].choices = [("", _("Ingen: en ny handling i svaret")), *(
            (document.number, _("Aktbilaga %(number)s: %(title)s") % {"number": document.number,
                                                                     "title": document.title})
            for document in documents)]


class DraftForm(ServiceForm):
    text = forms.CharField(label=_("Yttrande"), max_length=100_000, required=False)


class DeclineForm(ReferralStepForm):
    decided_on = DateField(label=_("Beslutsdatum"), widget=DateInput())
    service_fields = {"date": "decided_on"}
    step_dates = {"decided_on": False}
    paragraph = forms.CharField(label=_("Paragraf"), max_length=20, required=False)
    text = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReferralFilterForm(forms.Form):
    """The referral list's filters, on the bodies the user may see; a value
    that is not valid is left out, with a message at its field."""

    q = forms.CharField(label=_("Sök diarienummer eller rubrik"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("Visa"), required=False)
    organisation = ModelChoiceField(label=_("Organisation"), required=False,
                                          queryset=Municipality.objects.order_by("name"), empty_label=_("Alla"))
    body = ModelChoiceField(label=_("Remissinstans"), required=False, queryset=Body.objects.none(),
                                  empty_label=_("Alla"))
    year = forms.IntegerField(label=_("Skickad år"), required=False, min_value=FIRST_YEAR, max_value=LAST_YEAR)
    party = ModelChoiceField(label=_("Motionärens parti"), required=False, queryset=Party.objects.all(),
                                   to_field_name="abbreviation", empty_label=_("Alla"))

    def __init__(self, *args, bodies, states, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["state"].choices = states
        self.fields["body"].queryset = bodies
        # Only choices there are to make: one body's secretary has no body to choose, and
        # bodies of one organisation no organisation.
        bodies = list(bodies)
        self.several_organisations = len({body.municipality_id for body in bodies}) > 1
        if not self.several_organisations:
            del self.fields["organisation"]
        if len(bodies) < 2:
            del self.fields["body"]


class ReferralCorrectionForm(ServiceForm):
    """A referral sent to the wrong body, or with a wrong due date."""

    body = ModelChoiceField(label=_("Remissinstans"), queryset=Body.objects.none(), empty_label=None)
    due_on = DateField(label=_("Svar senast"), widget=DateInput(),
                       help_text=_("Den ursprungliga svarstiden; en förlängning står kvar som den beslutades."))
    reason = ReasonField()
    version = VersionField()

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class AnswerCorrectionForm(ServiceForm):
    """The body's answer as recorded, to be put right (its document stays)."""

    decided_on = DateField(label=_("Beslutsdatum"), widget=DateInput())
    paragraph = forms.CharField(label=_("Paragraf"), max_length=20, required=False)
    body_case_number = forms.CharField(label=_("Organets diarienummer"), max_length=30, required=False)
    text = forms.CharField(label=_("Yttrande"), max_length=100_000, required=False,
                           widget=forms.Textarea(attrs={"rows": 8}))
    reason = ReasonField()
    version = VersionField()
