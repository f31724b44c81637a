from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "madang.proposals"
    label = "proposals"
