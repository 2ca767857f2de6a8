from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User

from accounts.models import EmailSettings, UserRole


class UserRoleInline(admin.StackedInline):
    model = UserRole
    can_delete = True
    filter_horizontal = ["bodies"]
    autocomplete_fields = ["person"]


class EmailSettingsInline(admin.StackedInline):
    model = EmailSettings
    can_delete = False


admin.site.unregister(User)


@admin.register(User)
class UserWithRoleAdmin(UserAdmin):
    inlines = [UserRoleInline, EmailSettingsInline]
    list_display = ["username", "first_name", "last_name", "email", "is_staff"]
