import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
application = get_wsgi_application()

from config.startup import refuse_insecure_production  # noqa: E402  (needs the settings loaded above)

refuse_insecure_production()
