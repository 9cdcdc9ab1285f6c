"""Addresses of the newsroom pages in ``articles.people.views``, under /admin/newsroom/ (admin login)."""

from django.contrib import admin
from django.urls import path

from articles.people import views

wrap = admin.site.admin_view

app_name = "newsroom"
urlpatterns = [
    path("notifications/", wrap(views.notifications), name="notifications"),
    path("notifications/<int:pk>/", wrap(views.open_notification), name="open_notification"),
    path("profile/", wrap(views.my_profile), name="profile"),
    path("calendar/", wrap(views.calendar_page), name="calendar"),
    path("calendar/reschedule/", wrap(views.reschedule), name="reschedule"),
    path("story/<int:pk>/checklist-override/", wrap(views.override_checklist), name="checklist_override"),
    path("story/<int:pk>/share/<int:link_id>/revoke/", wrap(views.revoke_share_link), name="revoke_share_link"),
    path("story/<int:pk>/presence/", wrap(views.presence_beat), name="presence"),
    path("story/<int:pk>/presence/leave/", wrap(views.presence_leave), name="presence_leave"),
]
