"""Odd, long and malicious query strings, page numbers and paths on public pages answer
200, 301, 400, 404 or 405, never 500."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from articles.tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PATHS = ["/", "/search/", "/section/news/", "/tag/rice/", "/author/x/", "/2024/", "/2024/13/", "/2024/02/30/",
         "/2024/01/01/x/", "/corrections/", "/rss/", "/atom/", "/sitemap.xml", "/news-sitemap.xml",
         "/robots.txt", "/healthz", "/media/x", "/section/news/rss/"]
ODD_QUERIES = ["page=0", "page=-1", "page=99999999999999999999999", "page=1e9", "page=NaN", "page=%00", "page=1&page=2",
               "p=abc", "p=-5", "q=" + "x" * 5000, "q=%ff%fe", "q=%00", "q=' OR 1=1--", "q=<script>", "q=\"\"\"",
               "q=!@#$%^&*()", "q=-", "q=a&q=b", "utm_source=" + "y" * 3000, "%zz=1", "page[]=1"]
ODD_PATHS = ["/..%2f..%2fetc/passwd", "/%00", "/" + "a" * 3000 + "/", "/9999/99/99/x/", "/0000/", "/tag/%ff/",
             "/section/<script>/", "/2024/01/01/" + "s" * 500 + "/", "/%2e%2e/", "/admin/../", "/sitemap-x.xml",
             "/sitemap-stories.xml?p=0", "/sitemap-stories.xml?p=999999", "/tag/\u202e/", "/author/%c0%ae/"]
OK = {200, 301, 302, 400, 404, 405, 410}


@pytest.fixture(autouse=True)
def story():
    return ArticleFactory(published=True, headline="Rice story", tags=["rice"])


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_query_strings(client, path, query):
    assert client.get(f"{path}?{query}").status_code in OK


@pytest.mark.parametrize("path", ODD_PATHS)
def test_odd_paths(client, path):
    assert client.get(path).status_code in OK


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck),
          database=None)
@given(path=st.sampled_from(PATHS), query=st.text(max_size=200))
def test_any_query_string(client, path, query):
    from urllib.parse import quote

    assert client.get(f"{path}?{quote(query, safe='=&')}").status_code in OK


def test_unsafe_methods_on_reader_pages(client):
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)("/").status_code in OK
