"""Form helpers shared by the apps' forms."""

import datetime

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from lib.errors import ConflictError, DomainError
from lib.time_limits import FIRST_YEAR, LAST_YEAR


class DateInput(forms.DateInput):
    """A date typed as Swedish dates are written, ÅÅÅÅ-MM-DD.

    A text field rather than the browser's date picker: dates in a case are
    known dates (a meeting, a letter), typed faster than picked, and a text
    field works the same with every keyboard, screen reader and browser.
    """

    def __init__(self, **kwargs):
        attrs = {"inputmode": "numeric", "placeholder": "ÅÅÅÅ-MM-DD", "autocomplete": "off",
                 "pattern": r"\d{4}-\d{2}-\d{2}", **kwargs.pop("attrs", {})}
        super().__init__(format="%Y-%m-%d", attrs=attrs, **kwargs)


class DateField(forms.DateField):
    """A date in a case: ÅÅÅÅ-MM-DD only (10/3/2025 is not read the American
    way), within the years a case can concern. A typing error like 9999 would
    otherwise overflow the arithmetic of time limits."""

    FIRST, LAST = datetime.date(FIRST_YEAR, 1, 1), datetime.date(LAST_YEAR, 12, 31)
    default_error_messages = {"invalid": _("Ange datumet som ÅÅÅÅ-MM-DD.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", DateInput())
        kwargs.setdefault("input_formats", ["%Y-%m-%d"])
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and not self.FIRST <= value <= self.LAST:
            raise forms.ValidationError(
                _("Ange ett datum mellan %(first)s och %(last)s.")
                % {"first": self.FIRST.isoformat(), "last": self.LAST.isoformat()}, code="out_of_range")


class ServiceForm(forms.Form):
    """A form laid out by crispy, that shows a refused step next to its field."""

    submit_label = _("Spara")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    # The services' names for inputs, where the form's fields differ.
    service_fields: dict[str, str] = {}

    def add_domain_error(self, error: DomainError) -> None:
        if isinstance(error, ConflictError) and "version" in self.fields:
            # Sending the form again is then a deliberate choice on the case as it is now.
            self.data = self.data.copy()
            self.data["version"] = error.current_version
            self.add_error(None, error.message)
            return
        field = self.service_fields.get(error.field, error.field)
        self.add_error(field if field in self.fields else None, error.message)


class ConfirmedForm(ServiceForm):
    """The form of a destructive step (withdrawing, undoing): the step is taken only with its
    confirmation box ticked. The server checks it, so it works without JavaScript.

    The template shows the box apart from the other fields, with what the step does and its button:
    ``{% include "_confirm_destructive.html" with form=form consequences=... submit=... cancel=... %}``.
    A subclass names what is confirmed in ``confirm_label`` and ``confirm_missing``.
    """

    confirm_label = _("Jag har kontrollerat uppgifterna och vill fortsätta.")
    confirm_missing = _("Kryssa i rutan för att bekräfta steget.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirm"] = forms.BooleanField(
            label=self.confirm_label, error_messages={"required": self.confirm_missing})
        # {% crispy form %} lays out the step's own fields; the include shows the box.
        self.helper.layout = Layout(*(name for name in self.fields if name != "confirm"))


# A hidden field: the version of the case the form was opened on.
class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(required=False, **kwargs)
