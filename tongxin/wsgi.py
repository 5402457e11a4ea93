"""WSGI entry point (gunicorn ``tongxin.wsgi``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
application = get_wsgi_application()
