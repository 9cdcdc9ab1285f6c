"""Image addresses: on-demand renditions, and media files when no other server serves them.

Include before ``articles.urls``: ``path("", include("articles.image_urls"))``.
"""

from django.conf import settings
from django.urls import path, re_path

from articles import image_views

app_name = "images"

urlpatterns = [
    path("images/<int:pk>/<str:spec>.<str:fmt>", image_views.rendition, name="rendition"),
]

if settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", image_views.serve_media, name="media"),
    )
