"""Share links as plain addresses: no third-party script, no tracking parameters, nothing loaded until
the reader clicks. The copy-link and Web Share buttons are enhancements in ``reader.js``."""

from urllib.parse import urlencode

SERVICES = [
    ("email", "E-mail", "mailto:?{}", lambda url, title: {"subject": title, "body": url}),
    ("whatsapp", "WhatsApp", "https://wa.me/?{}", lambda url, title: {"text": f"{title} {url}"}),
    ("telegram", "Telegram", "https://t.me/share/url?{}", lambda url, title: {"url": url, "text": title}),
    ("x", "X", "https://x.com/intent/post?{}", lambda url, title: {"url": url, "text": title}),
    ("facebook", "Facebook", "https://www.facebook.com/sharer/sharer.php?{}", lambda url, title: {"u": url}),
    ("linkedin", "LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?{}", lambda url, title: {"url": url}),
]


def share_links(url, title):
    """``[{"key", "name", "href"}, ...]`` for the story at absolute ``url``."""
    from urllib.parse import quote

    return [
        {"key": key, "name": name, "href": pattern.format(urlencode(params(url, title), quote_via=quote))}
        for key, name, pattern, params in SERVICES
    ]
