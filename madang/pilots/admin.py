from django.contrib import admin

from .models import Pilot, Site, Task, Tester


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0
    filter_horizontal = ("hosts",)


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0


@admin.register(Pilot)
class PilotAdmin(admin.ModelAdmin):
    list_display = ("title", "city", "manager", "phase", "decision")
    list_filter = ("phase", "decision")
    raw_id_fields = ("need", "solution", "city", "manager")
    inlines = [SiteInline, TaskInline]


@admin.register(Tester)
class TesterAdmin(admin.ModelAdmin):
    list_display = ("code", "pilot", "age_band", "digital_skill", "withdrawn_at", "erased_at")
    list_filter = ("age_band", "withdrawn_at")
    raw_id_fields = ("pilot", "site", "registered_by")
