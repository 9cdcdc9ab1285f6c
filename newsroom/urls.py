"""The site's addresses. The Content API's URLconf is imported on its first request, not at start."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from articles.people.views import ical
from articles.jobs.admin import failed_jobs
from articles.security import csp, health, twofactor
from newsroom.lazy_urls import lazy_include


admin.site.site_header = settings.SITE_NAME
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Newsroom"

urlpatterns = [
    # Readers' addresses first, then the API's and the health check: Django tries the patterns in
    # order, and those are most requests.
    path("", include("articles.image_urls")),
    path("", include("articles.urls")),
    lazy_include("api/v1/", "articles.api.urls", app_name="ninja", namespace="api-v1"),
    path("healthz", health.healthz, name="healthz"),
    path("admin/newsroom/", include("articles.people.urls")),
    path("newsroom/calendar/<str:token>.ics", ical, name="newsroom_ical"),
    path("admin/jobs/failed/", failed_jobs, name="failed_jobs"),
    path("csp-report/", csp.csp_report, name="csp_report"),
    path("admin/two-factor/", twofactor.setup, name="two_factor_setup"),
    path("admin/two-factor/verify/", twofactor.verify, name="two_factor_verify"),
    path("admin/two-factor/backup-codes/", twofactor.new_backup_codes, name="two_factor_backup_codes"),
    path("admin/two-factor/off/", twofactor.turn_off, name="two_factor_off"),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = "articles.views.page_not_found"
handler500 = "articles.views.server_error"
