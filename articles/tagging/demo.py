"""The demo's tag vocabulary: a pair of tags to merge on the tag desk ("Hun Sen" and "Samdech Hun Sen"),
an alias, a tag page with a description, and an internal tag. Loading it again changes nothing."""

from taggit.models import Tag

from articles import editorial
from articles.models import Article, TagAlias
from articles.tagging.vocabulary import ensure_profile

DESCRIPTIONS = {
    "Tonle Sap": "<p>Southeast Asia's largest freshwater lake, which swells fivefold in the rainy season and "
                 "feeds half of Cambodia's fish catch.</p>",
    "Cambodia": "<p>News from across the kingdom: politics, business, environment and culture.</p>",
}
ALIASES = {"Tonle Sap": ["Tonlé Sap Lake", "Great Lake"], "Phnom Penh": ["PP"]}
MERGE_PAIR_STORY = "rice-exports-rise"  # tagged "Samdech Hun Sen", beside "Hun Sen" on another story
INTERNAL = ("needs-photo", "budget-draft-leaks")


def seed_demo_vocabulary():
    for name, html in DESCRIPTIONS.items():
        tag = Tag.objects.filter(name=name).first()
        if tag is not None:
            profile = ensure_profile(tag)
            if not profile.description:
                profile.description = html
                profile.save()
    for name, aliases in ALIASES.items():
        tag = Tag.objects.filter(name=name).first()
        for alias in aliases if tag is not None else []:
            if not TagAlias.objects.filter(name=alias).exists():
                TagAlias.objects.create(tag=tag, name=alias)
    story = Article.objects.filter(source="demo", source_id=MERGE_PAIR_STORY).first()
    if story is not None and not Tag.objects.filter(name="Samdech Hun Sen").exists() and \
            not TagAlias.objects.filter(name="Samdech Hun Sen").exists():
        editorial.system_update(article=story, note="Demo: a second spelling to merge",
                                add_tags=[Tag.objects.create(name="Samdech Hun Sen")])
    name, filename = INTERNAL
    draft = Article.objects.filter(source="demo", source_id=filename).first()
    if draft is not None and not Tag.objects.filter(name=name).exists():
        internal = Tag.objects.create(name=name)
        profile = ensure_profile(internal)
        profile.internal = True
        profile.save()
        editorial.system_update(article=draft, note="Demo: an internal tag", add_tags=[internal])
