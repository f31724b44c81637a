from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "madang.accounts"
    label = "accounts"
