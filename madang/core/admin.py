from django.contrib import admin

from .models import Membership, Network, Organisation, Place


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "parent", "population")
    list_filter = ("kind",)
    search_fields = ("name", "slug", "code")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("parent",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "city")
    list_filter = ("kind",)
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    raw_id_fields = ("city",)
    inlines = [MembershipInline]


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ("name", "website")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
