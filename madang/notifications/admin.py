from django.contrib import admin

from .models import Follow, Notice, Preference


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    """Delivery state for staff (failed sends, held floods); what a notice says is its recipient's."""

    list_display = ("pk", "verb", "created_at", "read_at", "emailed_at", "dropped_at", "attempts")
    list_filter = ("verb", "attempts")
    raw_id_fields = ("recipient", "actor")
    readonly_fields = ("created_at", "read_at", "emailed_at", "attempts", "error")


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "email", "last_digest_at")
    list_filter = ("email",)
    raw_id_fields = ("user",)


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("user", "target_type", "target_id", "domain", "created_at")
    raw_id_fields = ("user",)
