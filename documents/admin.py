from django.contrib import admin

from documents.models import CaseDocument
from lib.admin import ReadOnlyAdmin


@admin.register(CaseDocument)
class CaseDocumentAdmin(ReadOnlyAdmin):
    list_display = ["motion", "number", "dated_on", "kind", "sender", "title", "confidential", "replaced_by"]
    list_filter = ["kind", "confidential"]
    search_fields = ["motion__case_number", "title", "sender", "sha256"]
