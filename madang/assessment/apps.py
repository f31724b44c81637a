from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "madang.assessment"
    label = "assessment"
