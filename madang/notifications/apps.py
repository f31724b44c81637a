from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "madang.notifications"
    label = "notifications"
