from django import forms
from django.utils.translation import gettext_lazy as _

from documents.forms import validate_document
from lib.forms import ConfirmedForm, DateField, DateInput, ModelChoiceField, ServiceForm, SubmissionField
from noticeboard.selectors import Section
from noticeboard.services import REASON_LIMIT, TEXT_LIMIT
from organisation.models import Body


class NoticeForm(ServiceForm):
    """A notice the registry puts on the notice board."""

    title = forms.CharField(label=_("Rubrik"), max_length=200)
    body = ModelChoiceField(label=_("Organ"), required=False, queryset=Body.objects.none(),
                            empty_label=_("Inget (organisationen)"),
                            help_text=_("Det organ anslaget kommer från, om det är ett av organisationens."))
    text = forms.CharField(label=_("Text"), required=False, max_length=TEXT_LIMIT,
                           widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=_("Det anslaget tillkännager. Ett längre dokument bifogas som PDF."))
    file = forms.FileField(label=_("Fil (PDF)"), required=False, validators=[validate_document],
                           widget=forms.ClearableFileInput(attrs={"accept": ".pdf"}))
    posted_on = DateField(label=_("Sätts upp"), widget=DateInput(),
                          help_text=_("I dag eller en senare dag: anslaget syns på anslagstavlan från den dagen."))
    removed_on = DateField(label=_("Tas ned"), widget=DateInput(),
                           help_text=_("Dagen då anslaget tas ned; dagen före är dess sista dag på anslagstavlan."))
    submission = SubmissionField()

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Body.objects.filter(municipality=municipality).order_by("name")


class CorrectNoticeForm(NoticeForm):
    """A notice corrected before it comes down."""

    remove_file = forms.BooleanField(label=_("Ta bort filen"), required=False)
    reason = forms.CharField(label=_("Varför rättas anslaget?"), required=False, max_length=REASON_LIMIT,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Sparas i anslagets historik tillsammans med vad som ändrades."))

    def __init__(self, *args, has_file: bool, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["submission"]
        self.fields["file"].label = _("Ny fil (PDF)")
        self.fields["file"].help_text = _("Ersätter den nuvarande filen.") if has_file else ""
        if not has_file:
            del self.fields["remove_file"]
        self.order_fields(["title", "body", "text", "file", "remove_file", "posted_on", "removed_on", "reason"])


class TakeDownForm(ConfirmedForm):
    confirm_label = _("Jag vill ta ned anslaget från anslagstavlan nu.")
    confirm_missing = _("Kryssa i rutan för att bekräfta att anslaget ska tas ned.")
    reason = forms.CharField(label=_("Varför tas anslaget ned i förtid?"), max_length=REASON_LIMIT,
                             widget=forms.Textarea(attrs={"rows": 2}),
                             help_text=_("Visas i arkivet vid anslaget."))


class ArchiveFilterForm(forms.Form):
    """The archive's filters; a value that is not valid is left out, with a message at its field."""

    year = forms.TypedChoiceField(label=_("År"), required=False, coerce=int, empty_value=None)
    body = ModelChoiceField(label=_("Organ"), required=False, queryset=Body.objects.none(), empty_label=_("Alla"))
    kind = forms.ChoiceField(label=_("Slag av anslag"), required=False,
                             choices=[("", _("Alla")), *Section.CHOICES])

    def __init__(self, *args, municipality, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("Alla")), *((year, str(year)) for year in years)]
        self.fields["body"].queryset = Body.objects.filter(municipality=municipality).order_by("name")
