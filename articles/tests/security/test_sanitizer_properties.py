"""Property-based: the sanitiser's output never holds a script, an event handler or an unsafe URL
scheme, and sanitising twice changes nothing."""

import html
import re

import lxml.html
from hypothesis import given, settings, strategies as st

from articles.sanitize import URL_SCHEMES, clean_html

FRAGMENTS = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>", "<svg onload=alert(1)>",
    '"><svg/onload=alert(1)>', "<img src=x onerror=alert(1)>", '<a href="javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>', '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">',
    '<a href=" JaVaScRiPt:alert(1)">', '<a href="data:text/html,<script>alert(1)</script>">', '<a href="vbscript:x">',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>', "</script><script>alert(1)</script>",
    "<style>body{}</style>", '<p style="background:url(javascript:alert(1))">', "<math><mi xlink:href=javascript:x>",
    '<form action="javascript:x"><button>', "<object data=x>", "<embed src=x>", "<base href=//evil/>",
    "<!--", "-->", "<![CDATA[", "]]>", "<p>", "</p>", "<a href='https://ok.example/'>ok</a>", "<em>", "</em>",
    '<img src="https://ok.example/a.jpg" alt="a">', "&lt;script&gt;", "&amp;", "<", ">", '"', "'", "=",
    " onclick=alert(1) ", "<figure data-image-id=\"1\"></figure>", "<ol start=3><li>x</li></ol>", "\u202e", "\x00",
]
html_like = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=30).map("".join)
SAFE_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def assert_safe(output):
    lowered = output.lower()
    assert "<script" not in lowered and "<iframe" not in lowered and "<style" not in lowered
    if not output.strip():
        return
    parseable = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", output)  # lxml refuses them; inert
    tree = lxml.html.fragment_fromstring(parseable, create_parent="div")
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        assert element.tag in {"div", "p", "br", "h2", "h3", "h4", "ul", "ol", "li", "blockquote", "a", "em",
                                "strong", "figure", "figcaption", "img"}, element.tag
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (name, output)
            assert name.lower() != "style"
            if name in ("href", "src"):
                address = re.sub(r"[\x00-\x20]", "", html.unescape(value))
                scheme = SAFE_SCHEME.match(address)
                assert scheme is None or scheme.group(0)[:-1].lower() in URL_SCHEMES, (value, output)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(html_like)
def test_output_has_no_script_handler_or_unsafe_scheme(text):
    assert_safe(clean_html(text))


@settings(max_examples=400, deadline=None, derandomize=True)
@given(html_like)
def test_sanitising_twice_changes_nothing(text):
    once = clean_html(text)
    assert clean_html(once) == once
