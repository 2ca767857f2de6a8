from django.contrib import admin

from publication.models import PublicationRule


@admin.register(PublicationRule)
class PublicationRuleAdmin(admin.ModelAdmin):
    list_display = ["municipality", "kind", "review_first"]
    list_filter = ["municipality", "kind"]
