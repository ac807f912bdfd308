#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:  # say what is missing (production refuses to start without it), not a later AppRegistryNotReady
        _apps = settings.INSTALLED_APPS  # reading a setting loads the module
    except ImproperlyConfigured as error:
        sys.exit(f"manage.py: {error}")

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
