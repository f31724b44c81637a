from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import NetworkAdmin, OrganisationRole, User


class OrganisationRoleInline(admin.TabularInline):
    model = OrganisationRole
    fk_name = "user"
    extra = 0
    raw_id_fields = ("organisation", "approved_by")


class NetworkAdminInline(admin.TabularInline):
    """Granting a network's admins stays with the Madang team (staff): it gives a say over every member's content."""

    model = NetworkAdmin
    extra = 0
    raw_id_fields = ("network",)


@admin.register(User)
class MadangUserAdmin(UserAdmin):
    inlines = [OrganisationRoleInline, NetworkAdminInline]
    list_display = ("username", "email", "role", "organisation", "network", "is_staff")
    list_filter = ("role", "is_staff", "is_superuser")
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("Madang", {"fields": ("role", "organisation", "network", "preferred_language")}),
    )
    raw_id_fields = ("organisation", "network")
