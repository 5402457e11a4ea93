"""The ``tongxin`` console script: Django's management commands under one name.

``tongxin demo``, ``tongxin serve``, ``tongxin import-roster`` and the rest are
management commands; dashes in the name map to underscores.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a management command, accepting dashed command names."""
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
