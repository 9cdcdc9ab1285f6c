"""For tests that start a process of their own (``manage.py``, a WSGI probe) on this run's database."""

import urllib.parse

from django.db import connection


def database_url():
    """This test run's database as a ``DATABASE_URL`` another process can open."""
    database = connection.settings_dict
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return f"sqlite:///{database['NAME']}"
    return (f"postgres://{database['USER']}:{urllib.parse.quote(database['PASSWORD'] or '')}@"
            f"{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}")
