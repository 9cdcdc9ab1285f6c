"""One view: a static page of a story page's size (``BARE_PAGE_BYTES``, set by bench/run.py)."""

import os

from django.http import HttpResponse
from django.urls import path

PAGE = ("<!doctype html><html><body>" + "<p>Words about the river and the harvest.</p>" * (
    int(os.environ.get("BARE_PAGE_BYTES", "30000")) // 46) + "</body></html>").encode()


def static_page(request):
    return HttpResponse(PAGE)


urlpatterns = [path("", static_page)]
