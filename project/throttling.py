"""DRF's rate throttles, with the rates read from settings on every request.

DRF copies DEFAULT_THROTTLE_RATES into the class when it is imported, so a changed setting
(per deployment, or in a test) would otherwise never reach it.
"""

from django.conf import settings
from rest_framework import throttling


class SettingsRateMixin:
    def get_rate(self):
        return settings.API_THROTTLE_RATES.get(self.scope)


class AnonRateThrottle(SettingsRateMixin, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(SettingsRateMixin, throttling.UserRateThrottle):
    pass
