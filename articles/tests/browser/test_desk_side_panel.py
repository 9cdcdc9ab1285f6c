"""The desk's side panel and the story list in a real browser, at 1280 px and on a phone: the lead-picture
picker shows thumbnails and works by search and keyboard; the side panel's sections fold on a phone and keep
what the editor opened; the story list and the audit log are cards on a phone, with nothing sideways."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.tests.factories import ArticleFactory, ImageFactory, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def open_story(page, live_server, story, viewport):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    page.locator(".field-body .ProseMirror[contenteditable=true]").wait_for()


def section(page, heading):
    return page.locator(".desk-side fieldset", has=page.locator("summary", has_text=heading))


def unfold(page, heading):
    fold = section(page, heading).locator("details").first
    if not fold.evaluate("d => d.open"):
        fold.locator("summary").click()


def folded(page):
    """{heading: open?} for every foldable section of the side panel."""
    return page.evaluate("""Object.fromEntries([...document.querySelectorAll(
        '.desk-side details, .editorial-panel details.desk-fold')].map(d => [
        d.querySelector('summary').textContent.trim().split('\\n')[0].trim(), d.open]))""")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_lead_picture_picker_shows_thumbnails_and_is_chosen_by_keyboard(log_in, live_server, media, viewport):
    user_in_role("Editors", "ed")
    ImageFactory(title="", caption="Fishermen at dawn on the Tonle Sap", alt_text="Boats at dawn",
                 credit="Sok Dara / Newsroom", source_url="https://wire.example/img/98765.jpg")
    ImageFactory(title="Council chamber", alt_text="Councillors voting", credit="Pool")
    story = ArticleFactory(headline="Fishing season opens")
    page = log_in("ed")
    open_story(page, live_server, story, viewport)
    unfold(page, "Lead image")
    assert "No lead picture yet." in page.locator(".lead-picture-current").inner_text()

    page.click(".lead-picture-open")
    choices = page.locator(".lead-picture-choice")
    choices.first.wait_for()
    assert choices.count() == 2
    page.wait_for_function("""[...document.querySelectorAll('.lead-picture-choice img')].every(
        img => img.complete && img.naturalWidth > 0)""")  # real thumbnails, loaded
    assert "wire.example" not in page.locator(".lead-picture-results").inner_text()  # never a raw address

    page.fill(".lead-picture-search", "dawn")
    page.wait_for_function("document.querySelectorAll('.lead-picture-choice').length === 1")
    only = choices.first.inner_text()
    assert "Fishermen at dawn" in only and "Boats at dawn" in only and "Sok Dara / Newsroom" in only
    page.press(".lead-picture-search", "ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('lead-picture-choice')")
    page.keyboard.press("Enter")
    assert page.locator(".lead-picture-panel").is_hidden()
    card = page.locator(".lead-picture-current")
    assert "Fishermen at dawn" in card.inner_text() and "Sok Dara / Newsroom" in card.inner_text()
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1")

    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).lead_image.caption == "Fishermen at dawn on the Tonle Sap"
    assert "Fishermen at dawn" in page.locator(".lead-picture-current").inner_text()


def test_escape_closes_the_picker_and_remove_clears_the_picture(log_in, live_server, media):
    user_in_role("Editors", "ed")
    picture = ImageFactory(title="Council chamber", alt_text="Councillors voting")
    story = ArticleFactory(lead_image=picture)
    page = log_in("ed")
    open_story(page, live_server, story, "desktop")
    page.click(".lead-picture-open")
    page.locator(".lead-picture-choice").first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator(".lead-picture-panel").is_hidden()
    page.click(".lead-picture-clear")
    assert "No lead picture yet." in page.locator(".lead-picture-current").inner_text()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).lead_image is None


def test_side_panel_sections_fold_on_a_phone_and_stay_open_on_a_desktop(log_in, live_server):
    user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Folding story")
    page = log_in("ed")

    open_story(page, live_server, story, "desktop")
    wide = folded(page)
    assert wide["Status"] and wide["Where and who"] and wide["Lead image"] and wide["Budget"] and wide["Credits"]
    assert not wide["Search engines and syndication"] and not wide["Import"]

    open_story(page, live_server, story, "phone")
    narrow = folded(page)
    assert narrow["Status"]  # the story's state is always in view
    next_steps = [heading for heading in narrow if heading.startswith("Next steps")]
    assert next_steps and all(narrow[heading] for heading in next_steps)  # Submit is one tap away, not two
    assert not any(is_open for heading, is_open in narrow.items()
                   if heading != "Status" and not heading.startswith("Next steps")), narrow
    assert page.locator("#id_priority").is_hidden()

    # What the editor opens is kept across a save and a reload; the fields inside are saved.
    unfold(page, "Budget")
    page.select_option("#id_priority", "high")
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).priority == "high"
    assert folded(page)["Budget"] and not folded(page)["Where and who"]
    page.reload()
    page.locator(".field-body .ProseMirror[contenteditable=true]").wait_for()
    assert folded(page)["Budget"]

    # The wide layout keeps its own choices: the phone's folds do not close it.
    open_story(page, live_server, story, "desktop")
    assert folded(page)["Where and who"]


def test_a_section_with_an_error_opens_on_a_phone(log_in, live_server):
    user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Bad address")
    page = log_in("ed")
    open_story(page, live_server, story, "phone")
    unfold(page, "Search engines and syndication")
    page.fill("#id_canonical_url", "not an address")
    page.click("input[name=_continue]")
    page.wait_for_selector(".errornote")
    assert page.locator("#id_canonical_url").is_visible()


def no_sideways_scroll(page):
    return page.evaluate("""[document.documentElement, document.querySelector('.results')].every(
        box => !box || box.scrollWidth <= box.clientWidth + 1)""")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_story_list_has_no_sideways_scroll_and_keeps_every_column(log_in, live_server, viewport):
    editor = user_in_role("Editors", "ed")
    ArticleFactory(headline="A very long headline about the council budget and the floods " * 3,
                   tags=["Floods"], assignee=editor, deadline=timezone.now() + timedelta(hours=3))
    page = log_in("ed")
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/admin/articles/article/")
    page.wait_for_load_state("networkidle")
    assert no_sideways_scroll(page)
    row = page.locator("#result_list tbody tr").first
    for column in ("headline", "status_badge", "section", "assigned_to", "deadline", "last_changed"):
        cell = row.locator(f".field-{column}")
        assert cell.is_visible(), column
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, column
    if viewport == "phone":
        assert row.locator(".field-section").evaluate("td => getComputedStyle(td, '::before').content").lower().startswith('"section')
        page.goto(live_server.url + "/admin/articles/auditentry/")
        page.wait_for_load_state("networkidle")
        assert no_sideways_scroll(page)


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_axe_finds_no_serious_violation_with_the_picker_open_and_the_panel_folded(log_in, live_server, media,
                                                                                   viewport):
    from axe_playwright_python.sync_playwright import Axe

    user_in_role("Editors", "ed")
    ImageFactory(title="Council chamber", alt_text="Councillors voting", credit="Pool")
    story = ArticleFactory(headline="Accessible desk")
    page = log_in("ed")
    open_story(page, live_server, story, viewport)
    unfold(page, "Lead image")
    page.click(".lead-picture-open")
    page.locator(".lead-picture-choice").first.wait_for()
    result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
                                      "resultTypes": ["violations"]})
    serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, [(v["id"], [n["html"][:300] for n in v["nodes"]][:4]) for v in serious]
