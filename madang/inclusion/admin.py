from django.contrib import admin

from .models import AssistLog, DeploymentPlan, Facility, Guide, Indicator


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "city")
    raw_id_fields = ("city",)


@admin.register(Facility)
class FacilityAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "code", "city", "area")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    raw_id_fields = ("city", "area")


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ("user", "organisation", "is_active")
    raw_id_fields = ("user", "organisation", "added_by")
    filter_horizontal = ("sites",)


@admin.register(AssistLog)
class AssistLogAdmin(admin.ModelAdmin):
    list_display = ("occurred_on", "guide", "device", "task", "minutes", "outcome", "age_band")
    list_filter = ("device", "outcome", "age_band")
    raw_id_fields = ("guide", "city", "facility", "area")


@admin.register(DeploymentPlan)
class DeploymentPlanAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "created_by", "created_at")
    raw_id_fields = ("city", "created_by")
