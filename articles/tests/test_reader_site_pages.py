"""The pages the newsroom edits: fixed addresses in the footer, sanitised, revisions, Publishers only."""

import pytest
from django.core.exceptions import PermissionDenied

from articles.editorial.site_pages import save_site_page
from articles.models import PagePurpose, SitePage
from articles.tests.factories import SuperuserFactory, user_in_role

pytestmark = pytest.mark.django_db


def test_every_page_is_in_the_footer_and_answers_with_default_words_before_anyone_edits_it(client):
    footer = client.get("/").content.decode()
    for purpose in PagePurpose:
        assert f'href="/{purpose.value}/"' in footer
        response = client.get(f"/{purpose.value}/")
        assert response.status_code == 200 and purpose.label in response.content.decode()
    assert client.get("/no-such-page/").status_code == 404


def test_publisher_edits_a_page_sanitised_with_a_revision_and_readers_see_it_at_once(client):
    publisher = user_in_role("Publishers")
    client.get("/about/")  # cached before the edit
    page = SitePage(purpose=PagePurpose.ABOUT, title="About the Courier",
                    body='<p>Founded in 1993.<script>alert(1)</script><img src=x onerror="alert(2)"></p>')
    save_site_page(page=page, user=publisher)
    assert page.revisions.count() == 1 and "script" not in page.body and "onerror" not in page.body
    html = client.get("/about/").content.decode()
    assert "About the Courier" in html and "Founded in 1993." in html and "alert(" not in html
    page.body = "<p>Founded in 1994.</p>"
    save_site_page(page=page, user=publisher)
    assert [r.body for r in page.revisions.all()] == ["<p>Founded in 1994.</p>", page.revisions.last().body]


@pytest.mark.parametrize("role", ["Reporters", "Editors"])
def test_only_publishers_edit_pages(role):
    with pytest.raises(PermissionDenied):
        save_site_page(page=SitePage(purpose=PagePurpose.ETHICS, title="T", body="<p>x</p>"), user=user_in_role(role))
    assert not SitePage.objects.exists()


def test_admin_saves_through_the_editorial_function(client):
    client.force_login(SuperuserFactory())
    response = client.post("/admin/articles/sitepage/add/", {"purpose": "contact", "title": "Contact us",
                                                              "body": "<p>Call <a href='tel:+855'>us</a></p>"})
    assert response.status_code == 302
    page = SitePage.objects.get(purpose="contact")
    assert page.revisions.count() == 1
    assert client.get(f"/admin/articles/sitepage/{page.pk}/history/").status_code == 200
