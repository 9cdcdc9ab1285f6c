"""The story list's tag filter: type a tag's name instead of scrolling a list of every tag."""

from django.contrib import admin


class TagSearchFilter(admin.SimpleListFilter):
    title = "tag"
    parameter_name = "tag"
    template = "admin/articles/article/tag_search_filter.html"

    def lookups(self, request, model_admin):
        value = self.value()
        return [(value, value)] if value else []

    def has_output(self):
        return True  # the search box shows even before a tag is chosen

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()[:100]
        if not value:
            return queryset
        return queryset.filter(tags__name__iexact=value).distinct()

    def choices(self, changelist):
        """One choice: "Any tag", carrying the list's other filters for the search form to keep."""
        others = [(key, value) for key, values in changelist.filter_params.items()
                  if key not in (self.parameter_name, "p") for value in values]
        yield {"selected": self.value() is None, "display": "Any tag", "hidden": others,
               "query_string": changelist.get_query_string(remove=[self.parameter_name])}
