"""Helpers for the Content API tests: a key and a client that sends it."""

import pytest

from articles.models import ApiKey


@pytest.fixture
def api_key(db):
    _key, raw = ApiKey.objects.issue(name="Tests")
    return raw


@pytest.fixture
def api(client, api_key):
    """``api.get(path, **params)``: a GET with the test key."""

    class Api:
        key = api_key

        def get(self, path, data=None, **headers):
            return client.get(path, data, HTTP_X_API_KEY=api_key, **headers)

    return Api()
