from django.contrib import admin

from .models import DomainFollow, Match, MatchEvent, Need, Solution


@admin.register(Need)
class NeedAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "city", "domain", "status", "call_closes")
    list_filter = ("status", "domain", "language")
    search_fields = ("title", "description")
    raw_id_fields = ("organisation", "city", "created_by")
    filter_horizontal = ("groups_served", "initiatives")


@admin.register(Solution)
class SolutionAdmin(admin.ModelAdmin):
    list_display = ("title", "organisation", "domain", "maturity", "is_published")
    list_filter = ("is_published", "domain", "maturity", "language")
    search_fields = ("title", "description")
    raw_id_fields = ("organisation", "created_by")
    filter_horizontal = ("deployments", "initiatives")


class MatchEventInline(admin.TabularInline):
    model = MatchEvent
    extra = 0
    raw_id_fields = ("by",)


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ("need", "solution", "state", "updated_at")
    list_filter = ("state",)
    raw_id_fields = ("need", "solution")
    inlines = [MatchEventInline]


admin.site.register(DomainFollow)
