from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "madang.conversations"
    label = "conversations"
