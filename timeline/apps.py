from django.apps import AppConfig


class TimelineConfig(AppConfig):
    name = "timeline"
    verbose_name = "Events and sources"

    def ready(self):
        from timeline import history  # noqa: F401  (connects the cascade-deletion tagging)
