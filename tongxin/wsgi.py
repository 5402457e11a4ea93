"""WSGI entry point (gunicorn ``tongxin.wsgi``).

A worker loads the URLconf (every view) and builds the API's OpenAPI document
before it takes its first request, so no visitor waits for either.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
application = get_wsgi_application()


def _warm_up() -> None:
    from django.urls import get_resolver

    from tongxin.api.main import api

    get_resolver().url_patterns  # noqa: B018 - imports every view
    api.get_openapi_schema(path_params={})


_warm_up()
