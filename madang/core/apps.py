from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"
