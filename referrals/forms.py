from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from lib.forms import ConfirmedForm, DateField, DateInput, ServiceForm, VersionField
from organisation.models import Body


class ReferForm(ServiceForm):
    """Refer to several bodies at once; one due date for all unless a body has its own."""

    bodies = forms.ModelMultipleChoiceField(
        label=_("Remissinstanser"), queryset=Body.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Välj minst ett organ att remittera till.")},
    )
    sent_on = DateField(label=_("Remissdatum"), widget=DateInput())
    due_on = DateField(label=_("Svar senast"), widget=DateInput())
    version = VersionField()
    service_fields = {"bodies": "bodies", "due_on": "due_on", "date": "sent_on"}

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"].queryset = bodies
        # An own due date per body, when it differs from the common one.
        for body in bodies:
            self.fields[f"due_{body.pk}"] = DateField(
                label=_("Svar senast från %(body)s") % {"body": body.name}, required=False,
                widget=DateInput(), help_text=_("Lämna tomt för samma datum som ovan."),
            )

    def requests(self) -> list[tuple[Body, object]]:
        data = self.cleaned_data
        return [(body, data.get(f"due_{body.pk}") or data["due_on"]) for body in data["bodies"]]

    def add_domain_error(self, error) -> None:
        # An error on one body's due date belongs to that body's own date, when it has one.
        if error.field == "due_on" and error.index is not None:
            body = list(self.cleaned_data["bodies"])[error.index]
            if self.cleaned_data.get(f"due_{body.pk}"):
                self.add_error(f"due_{body.pk}", error.message)
                return
        super().add_domain_error(error)

    def own_dates_have_errors(self) -> bool:
        return any(name.startswith("due_") and name != "due_on" for name in self.errors)


class ExtendForm(ServiceForm):
    due_on = DateField(label=_("Ny svarstid"), widget=DateInput())
    on = DateField(label=_("Beslutad den"), widget=DateInput())
    service_fields = {"date": "on"}


class WithdrawReferralForm(ConfirmedForm):
    confirm_label = _("Ja, remissen ska återkallas.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att remissen ska återkallas.")
    on = DateField(label=_("Återkallad den"), widget=DateInput())
    service_fields = {"date": "on"}
    reason = forms.CharField(label=_("Motivering"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


def validate_pdf(upload) -> None:
    """A PDF by its content, not its name, of at most MAX_ATTACHMENT_BYTES."""
    limit = settings.MAX_ATTACHMENT_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("Filen är %(size)s; en bilaga får vara högst %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if b"%PDF-" not in head:
        raise forms.ValidationError(_("Filen är inte en PDF (innehållet är inte PDF, oavsett filnamnet)."))


class AnswerForm(ServiceForm):
    decided_on = DateField(label=_("Beslutsdatum"), widget=DateInput(),
                                 help_text=_("Dagen då organet beslutade sitt yttrande."))
    paragraph = forms.CharField(label=_("Paragraf"), max_length=20, required=False,
                                help_text=_("Till exempel § 112."))
    body_case_number = forms.CharField(label=_("Organets diarienummer"), max_length=30, required=False)
    text = forms.CharField(label=_("Yttrande"), max_length=100_000, widget=forms.Textarea(attrs={"rows": 10}))
    document = forms.FileField(
        label=_("Protokollsutdrag eller yttrande (PDF)"), required=False, validators=[validate_pdf],
        help_text=_("Högst 20 MB."),
    )
    service_fields = {"date": "decided_on"}


class DraftForm(ServiceForm):
    text = forms.CharField(label=_("Yttrande"), max_length=100_000, required=False)


class DeclineForm(ServiceForm):
    decided_on = DateField(label=_("Beslutsdatum"), widget=DateInput())
    service_fields = {"date": "decided_on"}
    paragraph = forms.CharField(label=_("Paragraf"), max_length=20, required=False)
    text = forms.CharField(label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
