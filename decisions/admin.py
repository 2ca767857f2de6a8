from pathlib import PurePosixPath

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from decisions.documents import extract_html
from decisions.models import Appeal, DraftDecision, MinuteItem, RenderedDocument, Signature, SigningRound
from decisions.selectors.minutes import preview_item
from lib.admin import ReadOnlyAdmin
from lib.errors import DomainError
from lib.pdf import html_to_pdf
from organisation.models import MinuteLayout
from organisation.orgfile import rules
from organisation.wording import check_wording


@admin.register(DraftDecision)
class DraftDecisionAdmin(ReadOnlyAdmin):
    list_display = ["motion", "drafted_on", "proposal"]


@admin.register(MinuteItem)
class MinuteItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "motion", "decision", "proposal"]
    list_filter = ["body", "decision"]
    search_fields = ["motion__case_number", "heading"]


@admin.register(Appeal)
class AppealAdmin(ReadOnlyAdmin):
    list_display = ["item", "lodged_on", "court_case"]


@admin.register(RenderedDocument)
class RenderedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["kind", "meeting", "pages", "size", "archived", "rendered_at"]
    list_filter = ["kind", "archived"]


class SignatureInline(admin.TabularInline):
    model = Signature
    fields = ["position", "person", "capacity", "user", "state", "answered_at", "comment", "notified_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SigningRound)
class SigningRoundAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "number", "state", "sent_at", "closed_at"]
    list_filter = ["state"]
    inlines = [SignatureInline]


# Images WeasyPrint embeds in a PDF/A.
LOGO_TYPES = {".png", ".jpg", ".jpeg", ".svg"}


class MinuteLayoutForm(forms.ModelForm):
    """A layout, checked with the rules the organisation file keeps
    (organisation/orgfile/rules.py) and the minute text's own list of phrases."""

    class Meta:
        model = MinuteLayout
        fields = ["municipality", "name", "document_title", "extract_title", "paragraph_format", "decision_form",
                  "sections", "wording", "logo", "page_foot"]
        help_texts = {
            "sections": gettext_lazy(
                "En lista av [nyckel, rubrik] i protokollets ordning, till exempel [[\"decision\", \"{genitive} "
                "beslut\"], [\"summary\", \"Sammanfattning\"]]. En tom rubrik skriver delen utan rubrik."),
            "wording": gettext_lazy(
                "Egna formuleringar av de fasta meningarna, till exempel {\"title_dash\": \"-\"}. Nycklarna och "
                "deras platshållare står i docs/minutes.md."),
        }

    def _rule(self, name: str, check):
        value = self.cleaned_data.get(name)
        try:
            return check(value)
        except DomainError as error:
            where = _("Rad %(row)s: ") % {"row": error.index + 1} if error.index is not None else ""
            raise forms.ValidationError(where + error.message) from None

    def clean_sections(self):
        return self._rule("sections", rules.check_sections)

    def clean_paragraph_format(self):
        return self._rule("paragraph_format", rules.check_paragraph_format)

    def clean_wording(self):
        return self._rule("wording", lambda value: check_wording(value if value is not None else {}))

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if logo and PurePosixPath(logo.name).suffix.lower() not in LOGO_TYPES:
            raise forms.ValidationError(_("Logotypen ska vara en bild i PNG, JPEG eller SVG."))
        return logo


@admin.register(MinuteLayout)
class MinuteLayoutAdmin(admin.ModelAdmin):
    """The organisations' minute layouts, with a preview of the demo case's
    paragraph in a layout (rendered for the moment, stored nowhere)."""

    form = MinuteLayoutForm
    list_display = ["name", "municipality", "paragraph_format", "decision_form"]
    list_filter = ["municipality"]
    readonly_fields = ["preview"]

    def get_fields(self, request, obj=None):
        fields = list(self.form.Meta.fields)
        return [*fields, "preview"] if obj is not None else fields

    @admin.display(description=gettext_lazy("Förhandsgranska"))
    def preview(self, obj):
        url = reverse("admin:organisation_minutelayout_preview", args=[obj.pk])
        return format_html('<a href="{}">{}</a> · <a href="{}?pdf=1">{}</a>', url, _("Protokollsutdrag (HTML)"),
                           url, _("Protokollsutdrag (PDF)"))

    def get_urls(self):
        return [
            path("<path:object_id>/preview/", self.admin_site.admin_view(self.preview_view),
                 name="organisation_minutelayout_preview"),
            *super().get_urls(),
        ]

    # The document's layout is a stylesheet inside it (as WeasyPrint reads it): allowed on this page alone.
    @method_decorator(csp_update({"style-src": [UNSAFE_INLINE]}))
    def preview_view(self, request, object_id):
        """The demo case's first paragraph as an extract in this layout,
        HTML or (?pdf=1) PDF/A, rendered now and returned: nothing is saved."""
        layout = self.get_object(request, object_id)
        if layout is None:
            raise Http404
        if not self.has_view_permission(request, layout):
            raise PermissionDenied
        item = preview_item(layout)
        if item is None:
            self.message_user(request, _("Det finns ingen paragraf att visa mallen med: läs in demoärendet "
                                         "(manage.py load_demo) eller protokollför en paragraf hos %(organisation)s.")
                              % {"organisation": layout.municipality or _("någon organisation")}, messages.WARNING)
            return redirect("admin:organisation_minutelayout_change", layout.pk)
        html = extract_html(item, layout)
        if request.GET.get("pdf"):
            response = HttpResponse(html_to_pdf(html).content, content_type="application/pdf")
            response["Content-Disposition"] = f'inline; filename="forhandsgranskning-{layout.pk}.pdf"'
            return response
        return HttpResponse(html)
