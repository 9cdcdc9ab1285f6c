"""Honest words about workflow steps: what a step did, and what readers will see before a risky one."""

from articles.people.timezones import local_moment

CONFIRMED_STEPS = {
    "kill": ("Kill this story?",
             "Readers who open its address get a “410 Gone” page with the newsroom's notice; it leaves the "
             "front page, section pages, feeds, sitemaps and search. Only a superuser can bring it back."),
    "unpublish": ("Unpublish this story?",
                  "Readers who open its address get “page not found”; it leaves the front page, section pages, "
                  "feeds, sitemaps and search. A Publisher can republish it later."),
}


def needs_confirmation(step, data):
    return step in CONFIRMED_STEPS and data.get("confirmed") != "yes"


def outcome_message(step, article):
    """What happened, in the newsroom's words, after ``step`` changed ``article``."""
    if step == "schedule" or (step in ("publish", "republish") and article.is_scheduled):
        return f"Scheduled for {local_moment(article.publish_at)}; not live yet."
    if step in ("publish", "republish"):
        return f"Published at {local_moment(article.publish_at)}: live for readers now."
    if step == "unpublish":
        return "Unpublished: readers no longer see it (its address answers “page not found”)."
    if step == "kill":
        return "Killed: its address answers “410 Gone” and it is gone from every listing and feed."
    if step == "submit":
        return "Submitted for review: the editors have been told."
    if step == "return":
        return "Returned to the reporter with your note."
    if step == "approve":
        return "Approved: a Publisher can now publish or schedule it."
    if step == "revert":
        return "Back to draft."
    return f"Done: the story is now {article.get_status_display().lower()}."
