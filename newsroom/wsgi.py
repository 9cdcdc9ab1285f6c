"""WSGI entry point: ``gunicorn newsroom.wsgi``.

Cached reader pages are answered at this door (``articles.page_cache_middleware.PageCacheApplication``)
before Django builds a request; everything else goes to Django.
"""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

django_application = get_wsgi_application()

from articles.page_cache_middleware import PageCacheApplication  # noqa: E402  (needs the settings above)

application = PageCacheApplication(django_application)
