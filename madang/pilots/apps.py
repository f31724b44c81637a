from django.apps import AppConfig


class PilotsConfig(AppConfig):
    name = "madang.pilots"
    label = "pilots"
