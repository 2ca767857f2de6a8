from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from documents.models import CaseDocument
from documents.services import check_file
from lib.errors import DomainError
from lib.forms import DateField, DateInput, ServiceForm


def validate_document(upload) -> None:
    """The service's check of a file (documents.services.check_file), so
    that the form shows it with the form's other errors."""
    try:
        check_file(upload)
    except DomainError as error:
        raise forms.ValidationError(error.message) from None


class DocumentFileField(forms.FileField):
    """A document's file, checked as the service checks it; its help names the
    size limit, which is a setting (read when a form is made, not at import)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Fil"))
        kwargs.setdefault("error_messages", {"required": _("Välj filen med handlingen."), "empty": _("Filen är tom.")})
        super().__init__(validators=[validate_document], **kwargs)
        self.widget.attrs["accept"] = ".pdf,.docx,.xlsx,.odt,.ods,.png,.jpg,.jpeg"


def file_help() -> str:
    return _("PDF, Word, Excel, OpenDocument eller en bild (PNG, JPEG), högst %(limit)s.") % {
        "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}


class DocumentFileForm(ServiceForm):
    """A form with a document's file in `file`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = file_help()


class DocumentForm(DocumentFileForm):
    """A document registered in the case by the registry."""

    service_fields = {"on": "received_on"}

    file = DocumentFileField()
    kind = forms.ChoiceField(label=_("Slag av handling"), choices=[("", "–"), *CaseDocument.Kind.choices])
    dated_on = DateField(label=_("Handlingens datum"), widget=DateInput())
    received_on = DateField(label=_("Inkom eller upprättad"), widget=DateInput(),
                            help_text=_("Dagen då handlingen kom in till kommunen eller upprättades."))
    title = forms.CharField(label=_("Rubrik"), max_length=300)
    sender = forms.CharField(label=_("Avsändare"), max_length=200, required=False,
                             help_text=_("Till exempel Socialnämnden eller en förvaltning."))
    confidential = forms.BooleanField(label=_("Omfattas av sekretess"), required=False)
    secrecy_provision = forms.CharField(
        label=_("Sekretessbestämmelse"), max_length=100, required=False,
        help_text=_("Krävs vid sekretess, till exempel 21 kap. 7 § OSL. Handlingens nummer, datum och slag "
                    "visas ändå för alla."),
    )

    def clean(self):
        data = super().clean()
        if data.get("confidential") and not data.get("secrecy_provision", "").strip():
            self.add_error("secrecy_provision",
                           _("Ange den bestämmelse som ger sekretess, till exempel 21 kap. 7 § OSL."))
        return data


class ReplaceForm(DocumentFileForm):
    """A new version of a document; the old one is kept, marked as replaced."""

    file = DocumentFileField()
    dated_on = DateField(label=_("Den nya versionens datum"), widget=DateInput())
    title = forms.CharField(label=_("Rubrik"), max_length=300, required=False,
                            help_text=_("Lämna tomt för samma rubrik som tidigare."))
    reason = forms.CharField(label=_("Varför handlingen ersätts"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
