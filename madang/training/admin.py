from django.contrib import admin

from .models import Course, Notification, Registration, Session


class SessionInline(admin.TabularInline):
    model = Session
    extra = 0
    raw_id_fields = ("trainer",)
    readonly_fields = ("seats_taken",)


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ("title", "organiser", "city", "level", "language", "is_published", "is_example")
    list_filter = ("level", "language", "is_published", "is_example")
    raw_id_fields = ("organiser", "city", "survey", "created_by")
    inlines = [SessionInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("pk", "session", "status", "attendance", "created_at", "registered_by")
    list_filter = ("status", "attendance")
    raw_id_fields = ("session", "registered_by", "user", "response", "attendance_by")
    # Seats are counted by the services under a lock; the admin must not change a status behind their back.
    readonly_fields = ("status", "token", "promoted_at", "cancelled_at", "erased_at")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("registration", "kind", "channel", "queued_at", "sent_at", "dropped_at", "attempts")
    list_filter = ("kind", "channel")
    raw_id_fields = ("registration",)
