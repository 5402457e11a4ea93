"""Let the pure-Python core tests run without the project's settings.

Under pytest-django the project's settings are already loaded and nothing
happens here; with ``-p no:django`` minimal settings are configured so that
``gettext`` works when the modules raise their errors.
"""

import os

from django.conf import settings

if not settings.configured and not os.environ.get("DJANGO_SETTINGS_MODULE"):
    settings.configure(USE_I18N=False)
