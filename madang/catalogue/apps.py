from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "madang.catalogue"
    label = "catalogue"
