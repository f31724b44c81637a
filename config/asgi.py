import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_asgi_application()

from config.startup import refuse_insecure_production  # noqa: E402  (needs the settings loaded above)

refuse_insecure_production()
