import pytest

from articles.sanitize import clean_html, paragraphs_to_html
from articles.tests.factories import ArticleFactory


@pytest.mark.parametrize(
    "dirty, forbidden",
    [
        ('<p>Hi<script>alert("x")</script></p>', "alert"),
        ('<p onclick="steal()">Hi</p>', "onclick"),
        ('<a href="javascript:alert(1)">link</a>', "javascript:"),
        ('<a href="JaVaScRiPt:alert(1)">link</a>', "alert"),
        ('<img src="x" onerror="steal()">', "onerror"),
        ("<style>body{display:none}</style><p>Hi</p>", "display"),
        ('<iframe src="https://evil.example"></iframe>', "iframe"),
        ('<p style="position:fixed">Hi</p>', "position"),
        ("<h1>Big</h1>", "<h1"),
    ],
)
def test_dangerous_markup_is_removed(dirty, forbidden):
    assert forbidden.lower() not in clean_html(dirty).lower()


def test_house_markup_survives():
    html = (
        "<h2>Sub</h2><p><em>a</em> <strong>b</strong> "
        '<a href="https://example.com/x">link</a></p><ul><li>one</li></ul>'
        "<blockquote><p>quote</p></blockquote><figure><figcaption>cap</figcaption></figure>"
    )
    cleaned = clean_html(html)
    for fragment in ["<h2>Sub</h2>", "<em>a</em>", "<strong>b</strong>", 'href="https://example.com/x"',
                     "<li>one</li>", "<blockquote>", "<figcaption>cap</figcaption>"]:
        assert fragment in cleaned


def test_paragraphs_are_escaped():
    assert paragraphs_to_html("a < b\n\nc") == "<p>a &lt; b</p>\n<p>c</p>"


@pytest.mark.django_db
def test_model_save_sanitises_body():
    article = ArticleFactory(body='<p onmouseover="x()">Safe</p><script>bad()</script>')
    article.refresh_from_db()
    assert article.body == "<p>Safe</p>"
