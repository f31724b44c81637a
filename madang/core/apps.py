from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"

    def ready(self) -> None:
        # Every app's policies.py registers its actions as permissions (madang/core/policy.py).
        autodiscover_modules("policies")
