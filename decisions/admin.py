from django.contrib import admin

from decisions.models import Appeal, DraftDecision, MinuteItem, RenderedDocument
from lib.admin import ReadOnlyAdmin


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
