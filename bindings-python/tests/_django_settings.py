"""Minimal Django settings for the tests of edgeward.django (configured once per process)."""

from __future__ import annotations

import django
from django.conf import settings


def configure() -> None:
    if settings.configured:
        return
    settings.configure(
        DEBUG=False,
        SECRET_KEY="django-test-only-not-a-secret",
        ROOT_URLCONF="test_django",
        ALLOWED_HOSTS=["testserver"],
        INSTALLED_APPS=[],
        DATABASES={},
        MIDDLEWARE=[],
        USE_TZ=True,
    )
    django.setup()
