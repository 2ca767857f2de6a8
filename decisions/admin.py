from django.contrib import admin

from decisions.models import DraftDecision, MinuteItem
from lib.admin import ReadOnlyAdmin


@admin.register(DraftDecision)
class DraftDecisionAdmin(ReadOnlyAdmin):
    list_display = ["motion", "drafted_on", "proposal"]


@admin.register(MinuteItem)
class MinuteItemAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "meeting", "motion", "decision", "proposal"]
    list_filter = ["body", "decision"]
    search_fields = ["motion__case_number", "heading"]
