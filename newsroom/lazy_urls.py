"""``lazy_include``: a namespaced ``include()`` whose URLconf module is imported on first use.

Django imports an included URLconf when the root URLconf loads, and the first ``reverse()`` of any
name walks every included resolver. For a namespaced include neither is needed: resolving a path
only looks inside it when the path starts with its route, and its names are only looked up by a
``reverse("<namespace>:…")``. :class:`LazyURLResolver` waits for one of those, so a process that serves
only reader pages never imports the Content API (django-ninja and pydantic, ~12 MiB a worker).
"""

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern


class LazyURLResolver(URLResolver):
    def _populate(self):
        # Called by the parent resolver's own _populate for every child; a namespaced child contributes
        # only its route and namespace there, so its names can wait until one of them is reversed.
        if "urlconf_module" in self.__dict__:  # the cached_property: the module has been imported
            super()._populate()

    def _load(self):
        self.urlconf_module  # noqa: B018  (imports the module; _populate then proceeds)

    @property
    def reverse_dict(self):
        self._load()
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self._load()
        return super().namespace_dict

    @property
    def app_dict(self):
        self._load()
        return super().app_dict


def lazy_include(route, urlconf, *, app_name, namespace):
    """``path(route, include((urlconf, app_name), namespace=namespace))``, importing ``urlconf`` on first use."""
    return LazyURLResolver(RoutePattern(route, is_endpoint=False), urlconf, app_name=app_name, namespace=namespace)
