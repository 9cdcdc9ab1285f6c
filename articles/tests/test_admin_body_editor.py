"""The rich-text editor offers nothing the sanitiser would strip, and the form cleans what it receives."""

from django_prose_editor.config import allowlist_from_extensions

from articles import sanitize
from articles.admin.forms import BODY_EDITOR, ArticleForm


def test_editor_produces_only_allowed_tags():
    allowed = allowlist_from_extensions(BODY_EDITOR["extensions"])
    assert allowed["tags"] <= sanitize.TAGS
    assert allowed["url_schemes"] <= sanitize.URL_SCHEMES


def test_body_field_cleans_with_the_house_allow_list():
    field = ArticleForm.base_fields["body"]
    dirty = (
        '<p style="color:red" onclick="x()">Hi <span>there</span><script>alert(1)</script></p>'
        "<table><tr><td>x</td></tr></table>"
    )
    assert field.clean(dirty) == sanitize.clean_html(dirty) == "<p>Hi there</p>x"
