"""The pages the newsroom edits (About, Contact, Masthead, Ethics, Corrections policy).

Our own small model rather than ``django.contrib.flatpages``: flatpages store raw HTML (no sanitiser),
keep no revisions, need the sites framework and a URL per row; ours have fixed addresses (so every
footer link and the ``Organization`` data cost no query), go through ``articles.sanitize.clean_html``
and keep a revision per save (``articles.editorial.site_pages.save_site_page``).
"""

from django.http import Http404
from django.shortcuts import render

from articles.models import PagePurpose, SitePage


def site_page(request, purpose):
    if purpose not in PagePurpose.values:
        raise Http404("No such page")
    return render(request, "articles/site_page.html", {"page": SitePage.for_purpose(purpose)}, using="jinja2")


def footer_pages():
    """``(label, purpose)`` of every editable page, in footer order (no query: the addresses are fixed)."""
    return [(purpose.label, purpose.value) for purpose in PagePurpose]
