from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "madang.matching"
    label = "matching"

    def ready(self) -> None:
        from . import signals  # noqa: F401
