from django.apps import AppConfig


class SurveysConfig(AppConfig):
    name = "madang.surveys"
    default_auto_field = "django.db.models.BigAutoField"
