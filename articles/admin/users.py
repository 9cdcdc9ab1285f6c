"""People a story can be assigned to, found by typing a name.

Django's autocomplete asks the User admin, which would need ``view_user``: the right
to browse every account. Instead the User admin answers exactly one question for
anyone who may see stories ("who in the newsroom matches this name?") and nothing else:
its list, change forms and other autocompletes stay superuser-only as before.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from articles.roles import newsroom_staff

User = get_user_model()


def is_assignee_lookup(request):
    """Is this request the story form's assignee autocomplete?"""
    match = request.resolver_match
    return (
        match is not None and match.url_name == "autocomplete"
        and request.GET.get("app_label") == "articles" and request.GET.get("model_name") == "article"
        and request.GET.get("field_name") == "assignee"
    )


class NewsroomUserAdmin(UserAdmin):
    def has_view_permission(self, request, obj=None):
        if is_assignee_lookup(request):
            return request.user.has_perm("articles.view_article")
        return super().has_view_permission(request, obj)

    def get_search_results(self, request, queryset, search_term):
        if is_assignee_lookup(request):
            queryset = queryset.filter(pk__in=newsroom_staff().values("pk"))
        return super().get_search_results(request, queryset, search_term)


if admin.site.is_registered(User):
    admin.site.unregister(User)
admin.site.register(User, NewsroomUserAdmin)
