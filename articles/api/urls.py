"""The Content API's addresses. ``newsroom/urls.py`` loads this module lazily, on the first request under
/api/v1/ (or the first ``reverse("api-v1:…")``), and gives it ninja's app name and the namespace."""

from articles.api.views import api

urlpatterns, _app_name, _namespace = api.urls
