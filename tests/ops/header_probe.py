"""Print, as JSON, what the site answers under the environment's settings.

Run in a subprocess by ``test_deploy_settings.py`` with ``TONGXIN_PRODUCTION=1``
so that the real settings module (not ``override_settings``) is tested.
Argument: the host name to send.  Every request is an anonymous GET.
"""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

HEADERS = (
    "Strict-Transport-Security",
    "X-Content-Type-Options",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Location",
    "Set-Cookie",
)


def probe(client: Client, path: str, *, secure: bool) -> dict:
    response = client.get(path, secure=secure)
    return {
        "status": response.status_code,
        "headers": {h: response.headers.get(h) for h in HEADERS},
        "cookies": {
            name: {"secure": bool(m["secure"]), "httponly": bool(m["httponly"])}
            for name, m in response.cookies.items()
        },
    }


def main() -> None:
    host = sys.argv[1]
    paths = sys.argv[2:]
    client = Client(HTTP_HOST=host)
    result = {
        "debug": settings.DEBUG,
        "https": {p: probe(client, p, secure=True) for p in paths},
        "http": {p: probe(client, p, secure=False) for p in paths},
        "proxied": {
            p: probe(
                Client(HTTP_HOST=host, HTTP_X_FORWARDED_PROTO="https"),
                p,
                secure=False,
            )
            for p in paths
        },
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
