"""A URLconf serving the reader site under /elsewhere/ (``test_paths``)."""

from django.urls import include, path

urlpatterns = [path("elsewhere/", include("articles.urls"))]
