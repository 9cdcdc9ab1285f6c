#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    if not os.environ.get("SECRET_KEY"):
        # A checkout without a secret key is a developer's: commands run in debug mode with the
        # development key. Servers start through wsgi/asgi, which still refuse without a key.
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
