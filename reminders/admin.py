from django.contrib import admin

from lib.admin import ReadOnlyAdmin
from reminders.models import Follow, Mailing, Report, ReportComment
from reminders.services import follow_motion, unfollow_motion


@admin.register(Mailing)
class MailingAdmin(ReadOnlyAdmin):
    list_display = ["kind", "key", "recipient", "planned_at", "sent_at", "closed_at", "problem", "attempts"]
    list_filter = ["kind", "sent_at", "closed_at"]
    search_fields = ["key", "recipient__username", "recipient__email"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    """Following and unfollowing through the same services as the case page:
    a follow made here brings news from now on, not every past change."""

    list_display = ["user", "motion", "created_at"]
    fields = ["user", "motion"]
    autocomplete_fields = ["motion"]

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and obj is None

    def save_model(self, request, obj, form, change):
        obj.pk = follow_motion(obj.motion, user=obj.user).pk

    def delete_model(self, request, obj):
        unfollow_motion(obj.motion, user=obj.user)

    def delete_queryset(self, request, queryset):
        for follow in queryset.select_related("motion", "user"):
            unfollow_motion(follow.motion, user=follow.user)


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["as_of", "municipality", "pdf", "created_at"]
    list_filter = ["municipality"]
    list_select_related = ["municipality"]


@admin.register(ReportComment)
class ReportCommentAdmin(ReadOnlyAdmin):
    """Written on the report's page, where the PDF is printed again with them."""

    list_display = ["report", "motion", "written_by", "written_at"]
    list_select_related = ["report__municipality", "motion", "written_by"]
