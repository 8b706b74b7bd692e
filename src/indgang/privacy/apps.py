from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "indgang.privacy"
    label = "privacy"
    verbose_name = "Persondata"
