from django.contrib import admin

from .models import ActionPlan, FocusArea, Framework, Node, PriorityProject, Target, Value


class NodeInline(admin.TabularInline):
    model = Node
    fk_name = "framework"
    extra = 0
    fields = ["code", "kind", "level", "parent", "weight", "direction", "unit", "domain", "order"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["slug", "kind", "unit_kind", "network", "is_published"]
    list_filter = ["kind", "unit_kind", "is_published"]
    inlines = [NodeInline]


@admin.register(Value)
class ValueAdmin(admin.ModelAdmin):
    list_display = ["node", "place", "year", "value", "status", "submitted_by", "reviewed_by"]
    list_filter = ["status", "node__framework"]
    search_fields = ["place__name", "node__code"]
    raw_id_fields = ["node", "place", "submitted_by", "reviewed_by"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(ActionPlan)
class ActionPlanAdmin(admin.ModelAdmin):
    list_display = ["title", "city", "organisation", "status", "start_year", "end_year"]
    inlines = [TargetInline]


admin.site.register([FocusArea, PriorityProject])
