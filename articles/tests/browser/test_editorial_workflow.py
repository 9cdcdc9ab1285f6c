"""A story's whole road in a real browser: reporter → editor → reporter → editor → publisher → reader."""

import pytest

from articles.models import Article, Status
from articles.tests.factories import user_in_role

pytestmark = pytest.mark.django_db(transaction=True)

HEADLINE = "Fishers count the cost of a dry season"


def step(page, name, note=None):
    form = page.locator("form.transition-form", has=page.locator(f"button.transition-{name}"))
    if note is not None:
        form.locator("textarea[name=note]").fill(note)
    form.locator(f"button.transition-{name}").click()
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.locator(".messagelist").inner_text()


def test_story_from_reporter_to_reader(browser, live_server, screenshot_dir, log_in):
    for role, name in [("Reporters", "rita"), ("Editors", "ed"), ("Publishers", "pat")]:
        user_in_role(role, name, first_name=name.title())
    anonymous_context = browser.new_context()
    anonymous = anonymous_context.new_page()

    # The reporter writes the story with the rich-text editor and submits it.
    reporter = log_in("rita")
    reporter.goto(live_server.url + "/admin/articles/article/add/")
    reporter.fill("#id_headline", HEADLINE)
    reporter.fill("#id_dek", "The Tonle Sap's catch fell by a third.")
    editor_box = reporter.locator(".ProseMirror[contenteditable=true]")
    editor_box.click()
    reporter.keyboard.type("Fishers on the Tonle Sap say the catch has fallen.")
    reporter.keyboard.press("Enter")
    reporter.keyboard.press("Control+b")
    reporter.keyboard.type("Prices have doubled")
    reporter.keyboard.press("Control+b")
    reporter.keyboard.type(" at the landing.")
    for tag in ("Tonle Sap", "Fisheries"):  # tags are chips: type one, Enter adds it
        reporter.fill(".desk-tag-input", tag)
        reporter.keyboard.press("Enter")
    assert reporter.locator("#id_tags").input_value() == '"Tonle Sap", Fisheries'
    assert reporter.locator("#id_slug").input_value() == "fishers-count-the-cost-of-a-dry-season"
    reporter.click("input[name=_continue]")
    reporter.wait_for_load_state()
    story = Article.objects.get(headline=HEADLINE)
    assert story.body == (
        "<p>Fishers on the Tonle Sap say the catch has fallen.</p><p><strong>Prices have doubled</strong>"
        " at the landing.</p>"
    )
    assert sorted(story.tags.names()) == ["Fisheries", "Tonle Sap"]
    reporter.screenshot(path=str(screenshot_dir / "editorial-change-form.png"), full_page=True)
    assert anonymous.goto(live_server.url + story.get_absolute_url()).status == 404
    step(reporter, "submit")

    # The editor sends it back with a comment.
    editor = log_in("ed")
    editor.screenshot(path=str(screenshot_dir / "editorial-dashboard.png"), full_page=True)
    editor.get_by_role("link", name=HEADLINE).click()
    step(editor, "return", note="Who says prices doubled? Name a source.")

    # The reporter sees the comment, fixes the story and resubmits.
    reporter.goto(live_server.url + "/admin/")
    reporter.locator(".queue-returned").get_by_role("link", name=HEADLINE).click()
    assert "Name a source." in reporter.locator(".comments-block").inner_text()
    reporter.locator(".ProseMirror[contenteditable=true] p").last.click()
    reporter.keyboard.press("End")
    reporter.keyboard.type(" said trader Sok Lina.")
    reporter.click("input[name=_continue]")
    reporter.wait_for_load_state()
    assert "said trader Sok Lina." in Article.objects.get(pk=story.pk).body
    step(reporter, "submit")

    # The editor approves; the publisher publishes.
    editor.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    step(editor, "approve")
    assert anonymous.goto(live_server.url + story.get_absolute_url()).status == 404
    publisher = log_in("pat")
    publisher.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    step(publisher, "publish")
    story.refresh_from_db()
    assert story.status == Status.PUBLISHED

    # A reader finds it on the home page and reads it.
    anonymous.goto(live_server.url + "/")
    anonymous.get_by_role("link", name=HEADLINE).click()
    anonymous.wait_for_url(f"**{story.get_absolute_url()}")
    assert anonymous.get_by_role("heading", level=1).inner_text() == HEADLINE
    assert "said trader Sok Lina." in anonymous.locator(".story-body").inner_text()
    assert [e.action for e in story.audit_entries.order_by("created_at", "pk")] == [
        "submit", "return", "submit", "approve", "publish"]
    anonymous_context.close()
