from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from noticeboard.models import Notice, NoticeEvent


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """Notices are put up, corrected and taken down on the notice board's own pages (noticeboard.services)."""

    list_display = ["title", "municipality", "posted_on", "removed_on", "publication_state"]
    list_filter = ["municipality", "publication_state"]
    search_fields = ["title"]
    date_hierarchy = "posted_on"


@admin.register(NoticeEvent)
class NoticeEventAdmin(ReadOnlyAdmin):
    list_display = ["notice", "kind", "recorded_at", "recorded_by"]
    list_filter = ["kind"]
