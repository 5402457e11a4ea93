"""The floor of the HTTP benchmark: a bare Django project with one trivial view.

gunicorn serves ``bench.http_baseline:application`` beside the real site in
``bench_http.py``: the same server, workers and load generator, but no
middleware, no database, no template -- what Django and gunicorn cost per
request on this machine, to read the member list's figure against.
"""

from __future__ import annotations

from django.conf import settings

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-http-baseline-not-secret",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
        DATABASES={},
    )

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def hello(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("", hello)]

application = get_wsgi_application()
