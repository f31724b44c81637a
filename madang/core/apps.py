from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class CoreConfig(AppConfig):
    name = "madang.core"
    label = "core"

    def ready(self) -> None:
        # Every app's policies.py registers its actions as permissions (madang/core/policy.py).
        autodiscover_modules("policies")
        # Every app's prepared.py registers the slow results its pages ask the worker for (madang/core/computations.py).
        autodiscover_modules("prepared")
        # And its workspace.py the sections of a person's workspace (madang/core/workspace.py).
        autodiscover_modules("workspace")
        # In every process, the job worker's too: a change it makes (an import, the search index) must invalidate the
        # cached public pages as a web request's change does.
        from . import page_cache

        page_cache.connect_signals()
