from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class MadangUserAdmin(UserAdmin):
    list_display = ("username", "email", "role", "organisation", "network", "is_staff")
    list_filter = ("role", "is_staff", "is_superuser")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Madang", {"fields": ("role", "organisation", "network", "preferred_language")}),
    )
    raw_id_fields = ("organisation", "network")
