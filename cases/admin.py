from django.contrib import admin

from cases.models import RemovedCase
from lib.admin import ReadOnlyAdmin


@admin.register(RemovedCase)
class RemovedCaseAdmin(ReadOnlyAdmin):
    list_display = ["case_number", "title", "removed_at", "removed_by", "reason"]
    search_fields = ["case_number", "title"]
    date_hierarchy = "removed_at"
