from django.contrib import admin

from .models import Initiative, InitiativeTranslation, Outcome, Partnership, SourceLink, Tag


class TranslationInline(admin.StackedInline):
    model = InitiativeTranslation
    extra = 0


class PartnershipInline(admin.TabularInline):
    model = Partnership
    extra = 0
    raw_id_fields = ("organisation",)


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


class SourceInline(admin.TabularInline):
    model = SourceLink
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(admin.ModelAdmin):
    list_display = ("slug", "city", "domain", "stage", "is_published", "updated_at")
    list_filter = ("is_published", "domain", "stage", "original_language")
    search_fields = ("slug", "translations__title")
    raw_id_fields = ("city", "district", "owner", "created_by")
    filter_horizontal = ("tags", "groups_served")
    inlines = [TranslationInline, PartnershipInline, OutcomeInline, SourceInline]


admin.site.register(Tag)
