"""The writing desk in a real browser: no word lost, live preview, Ctrl+S, pictures dropped in, layout, axe."""

import base64

import pytest
from axe_playwright_python.sync_playwright import Axe

from articles.models import Article, Autosave, Image
from articles.tests.factories import ArticleFactory, image_bytes, user_in_role

pytestmark = pytest.mark.django_db(transaction=True)

VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}


def open_story(page, live_server, story, viewport="desktop"):
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + f"/admin/articles/article/{story.pk}/change/")
    page.locator(".field-body .ProseMirror[contenteditable=true]").wait_for()
    page.wait_for_function("document.getElementById('desk') && document.querySelector('.desk-words').textContent")


def type_in_body(page, text):
    page.locator(".field-body .ProseMirror[contenteditable=true] p").last.click()
    page.keyboard.press("End")
    page.keyboard.type(text)


def reporters_draft():
    reporter = user_in_role("Reporters", "rep")
    return ArticleFactory(created_by=reporter, headline="Council budget", body="<p>First words.</p>")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_type_wait_for_autosave_close_reopen_and_restore(log_in, live_server, viewport):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story, viewport)
    page.fill("#id_headline", "Council budget passes at midnight")
    type_in_body(page, " Unsaved sentence about the vote.")
    page.wait_for_function("/Autosaved/.test(document.querySelector('.desk-autosave-status').textContent)")
    assert Article.objects.get(pk=story.pk).version == story.version  # the story itself is untouched
    page.close(run_before_unload=False)

    page = log_in("rep")
    open_story(page, live_server, story, viewport)
    offer = page.locator(".desk-restore")
    offer.wait_for()
    assert "You have unsaved text from" in offer.inner_text()
    assert page.input_value("#id_headline") == "Council budget"
    offer.get_by_role("button", name="Restore").click()
    assert page.input_value("#id_headline") == "Council budget passes at midnight"
    assert "Unsaved sentence about the vote." in page.locator(".field-body .ProseMirror[contenteditable=true]").inner_text()
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    saved = Article.objects.get(pk=story.pk)
    assert saved.headline == "Council budget passes at midnight" and "Unsaved sentence" in saved.body
    assert not Autosave.objects.exists()


def test_discard_forgets_the_autosave(log_in, live_server):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story)
    type_in_body(page, " Never mind.")
    page.wait_for_function("/Autosaved/.test(document.querySelector('.desk-autosave-status').textContent)")
    open_story(page, live_server, story)
    page.locator(".desk-restore").get_by_role("button", name="Discard").click()
    page.wait_for_function("document.querySelector('.desk-restore') === null")
    page.wait_for_timeout(300)
    assert not Autosave.objects.exists()


def test_a_story_never_saved_is_autosaved_and_restored(log_in, live_server):
    user_in_role("Reporters", "rep")
    page = log_in("rep")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator(".field-body .ProseMirror[contenteditable=true]").wait_for()
    page.fill("#id_headline", "A brand new story")
    page.wait_for_function("/Autosaved/.test(document.querySelector('.desk-autosave-status').textContent)")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator(".desk-restore").get_by_role("button", name="Restore").click()
    assert page.input_value("#id_headline") == "A brand new story"
    assert not Article.objects.exists()


def test_the_leave_page_warning_fires_with_unsaved_changes(log_in, live_server):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story)
    type_in_body(page, " Not saved yet.")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.close(run_before_unload=True)
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_no_leave_page_warning_without_changes(log_in, live_server):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story)
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.goto(live_server.url + "/admin/")
    assert dialogs == []


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_ctrl_s_saves_and_keeps_the_comment_being_typed(log_in, live_server, viewport):
    user_in_role("Editors", "ed")
    story = ArticleFactory(headline="Before Ctrl+S")
    page = log_in("ed")
    open_story(page, live_server, story, viewport)
    page.fill("#id_headline", "Saved with the keyboard")
    if viewport == "phone":  # the side panel's sections are folded on a phone
        page.click(".comments-block > summary")
    page.fill(".comments-block textarea[name=text]", "Legal should read this first.")
    page.keyboard.press("Control+s")
    page.wait_for_selector(".messagelist")
    assert Article.objects.get(pk=story.pk).headline == "Saved with the keyboard"
    assert list(story.editorial_comments.values_list("text", flat=True)) == ["Legal should read this first."]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_unsaved_text_appears_in_the_live_preview(log_in, live_server, viewport):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story, viewport)
    page.fill("#id_headline", "Typed this second")
    type_in_body(page, " Fresh unsaved paragraph text.")
    page.click(".desk-preview-toggle")
    frame = page.frame_locator(".desk-preview iframe")
    frame.locator(".preview-banner").wait_for()
    assert frame.locator(".preview-banner").inner_text() == "Preview — not published"
    frame.locator("h1", has_text="Typed this second").wait_for()
    frame.locator(".story-body", has_text="Fresh unsaved paragraph text.").wait_for()
    if viewport == "desktop":  # beside the editor: it follows the typing
        type_in_body(page, " And one more line.")
        frame.locator(".story-body", has_text="And one more line.").wait_for()
    page.click(".desk-preview [data-width=phone]")
    assert page.locator(".desk-preview iframe").bounding_box()["width"] <= 390
    page.click(".desk-preview-close")
    assert Article.objects.get(pk=story.pk).headline == "Council budget"


def drop_files(page, selector, files):
    """Drop ``files`` ([(name, bytes)]) on ``selector`` the way a file manager does."""
    page.evaluate("""([selector, files]) => {
        const target = document.querySelector(selector);
        const data = new DataTransfer();
        for (const [name, b64] of files) {
            const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            data.items.add(new File([bytes], name, {type: "image/png"}));
        }
        const box = target.getBoundingClientRect();
        const at = {bubbles: true, cancelable: true, dataTransfer: data, clientX: box.left + 20, clientY: box.top + 10};
        target.dispatchEvent(new DragEvent("dragover", at));
        target.dispatchEvent(new DragEvent("drop", at));
    }""", [selector, [[name, base64.b64encode(data).decode()] for name, data in files]])


def test_dropping_two_pictures_puts_two_figures_in_the_body(log_in, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user_in_role("Editors", "ed")
    story = ArticleFactory(body="<p>Intro paragraph.</p><p>Second paragraph.</p>")
    page = log_in("ed")
    open_story(page, live_server, story)
    drop_files(page, ".field-body .ProseMirror[contenteditable=true]", [
        ("flood.png", image_bytes(size=(800, 600), color=(20, 60, 160), fmt="PNG")),
        ("rescue.png", image_bytes(size=(800, 600), color=(160, 60, 20), fmt="PNG")),
    ])
    for alt in ("Flooded street", "Rescue boat"):
        dialog = page.locator("dialog.desk-picture-dialog[open]")
        dialog.wait_for()
        dialog.locator(".desk-alt-text").fill(alt)
        with page.expect_response(lambda response: "/desk/pictures/" in response.url and response.ok):
            dialog.get_by_role("button", name="Save").click()
    page.wait_for_function("document.querySelectorAll('.field-body .ProseMirror[contenteditable=true] figure').length === 2")
    page.wait_for_function("document.querySelector('dialog.desk-picture-dialog') === null")
    assert sorted(Image.objects.values_list("alt_text", flat=True)) == ["Flooded street", "Rescue boat"]
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    body = Article.objects.get(pk=story.pk).body
    assert body.count("<figure data-image-id=") == 2


@pytest.mark.parametrize("width", [1280, 900, 600, 390])
def test_the_focal_marker_sits_where_the_editor_clicked(live_server, browser, settings, tmp_path, width):
    from django.core.files.base import ContentFile

    settings.MEDIA_ROOT = tmp_path
    user_in_role("Editors", "ed")
    from articles.tests.factories import UserFactory

    UserFactory(username="pic", is_superuser=True)
    image = Image(title="Harbour", alt_text="A harbour", width=1600, height=1200)
    image.file.save("harbour.jpg", ContentFile(image_bytes(size=(1600, 1200))), save=True)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(live_server.url + f"/admin/login/?next=/admin/articles/image/{image.pk}/change/")
    page.fill("#id_username", "pic")
    page.fill("#id_password", "password")
    page.click("input[type=submit]")
    picture = page.locator("[data-focal-picker] img")
    picture.wait_for()
    page.wait_for_function("document.querySelector('[data-focal-picker] img').naturalWidth > 0")
    for fx, fy in [(0.1, 0.2), (0.5, 0.5), (0.9, 0.8)]:
        box = picture.bounding_box()
        picture.click(position={"x": box["width"] * fx, "y": box["height"] * fy})
        marker = page.locator("[data-focal-picker] .focal-marker").bounding_box()
        centre_x, centre_y = marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2
        assert abs(centre_x - (box["x"] + box["width"] * fx)) <= box["width"] * 0.01
        assert abs(centre_y - (box["y"] + box["height"] * fy)) <= box["height"] * 0.01
    context.close()


def no_horizontal_scroll(page):
    """Neither the page nor the story list's own scrolling box is wider than the window."""
    return page.evaluate("""[document.documentElement, document.querySelector('.results')].every(
        box => !box || box.scrollWidth <= box.clientWidth + 1)""")


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_no_horizontal_scrollbar_on_story_form_list_and_audit_log(log_in, live_server, viewport):
    user_in_role("Editors", "ed")
    story = ArticleFactory(headline="A long headline " * 8, tags=["Floods", "Rain"])
    page = log_in("ed")
    width, height = VIEWPORTS[viewport]
    page.set_viewport_size({"width": width, "height": height})
    for path in [f"/admin/articles/article/{story.pk}/change/", "/admin/articles/article/add/",
                 "/admin/articles/article/", "/admin/articles/auditentry/"]:
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
        assert no_horizontal_scroll(page), path


def test_axe_finds_no_serious_violation_on_the_editing_screen(log_in, live_server):
    user_in_role("Editors", "ed")
    story = ArticleFactory(tags=["Floods"])
    page = log_in("ed")
    for viewport in VIEWPORTS:
        open_story(page, live_server, story, viewport)
        result = Axe().run(page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa"]},
                                          "resultTypes": ["violations"]})
        serious = [v for v in result.response["violations"] if v["impact"] in ("serious", "critical")]
        assert not serious, [(v["id"], [n["html"][:400] + str(n["target"]) for n in v["nodes"]][:4]) for v in serious]


def test_submit_is_there_before_the_first_save_and_saves_first(log_in, live_server):
    user_in_role("Reporters", "rep")
    page = log_in("rep")
    page.goto(live_server.url + "/admin/articles/article/add/")
    page.locator(".field-body .ProseMirror[contenteditable=true]").wait_for()
    page.fill("#id_headline", "Flood warning for the delta")
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Water is rising fast.")
    page.click(".desk-save-and-submit")
    page.wait_for_url("**/change/")
    story = Article.objects.get()
    assert story.headline == "Flood warning for the delta" and "Water is rising fast." in story.body
    assert story.status == "in_review"


def test_a_next_step_taken_with_unsaved_text_saves_it_first(log_in, live_server):
    story = reporters_draft()
    page = log_in("rep")
    open_story(page, live_server, story)
    type_in_body(page, " Last-minute line.")
    page.click("button.transition-submit")
    page.wait_for_selector(".messagelist")
    story.refresh_from_db()
    assert story.status == "in_review" and "Last-minute line." in story.body
