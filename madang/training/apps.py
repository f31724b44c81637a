from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "madang.training"
    label = "training"
