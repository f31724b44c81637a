from django.apps import AppConfig


class InclusionConfig(AppConfig):
    name = "madang.inclusion"
    label = "inclusion"
