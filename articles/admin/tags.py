"""The tag desk (Editors and up): every tag with its live and total stories and when it was last used,
search by name or alias, merge, rename (the old address keeps answering), descriptions, pictures,
aliases and the internal flag. A tag in use is never deleted: merge it into another instead."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Max, Q
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from taggit.models import Tag

from articles.editorial.tags import merge_tags
from articles.models import Article, TagAlias, TagProfile
from articles.tagging import near_duplicate_of
from articles.tagging.vocabulary import check_new_name, is_internal, rename_tag

USES = "articles_taggedarticle_items"

if admin.site.is_registered(Tag):
    admin.site.unregister(Tag)  # django-taggit's own admin; the tag desk replaces it


class TagDeskForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name"]
        help_texts = {"name": "Renaming changes the tag's address; the old address keeps leading here."}

    def clean_name(self):
        try:
            return check_new_name(self.cleaned_data["name"], tag=self.instance if self.instance.pk else None)
        except ValidationError as exc:
            raise forms.ValidationError(exc.messages) from None


class TagProfileInline(admin.StackedInline):
    model = TagProfile
    fields = ["description", "image", "internal"]
    autocomplete_fields = ["image"]
    can_delete = False
    verbose_name = verbose_name_plural = "Reader page"


class TagAliasForm(forms.ModelForm):
    class Meta:
        model = TagAlias
        fields = ["name"]

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        existing = near_duplicate_of(name, exclude_alias=self.instance.pk)
        tag = self.instance.tag if self.instance.tag_id else None
        if existing is not None and existing != tag:
            raise forms.ValidationError(f"“{name}” is already the tag “{existing.name}” or one of its aliases.")
        return name


class TagAliasInline(admin.TabularInline):
    model = TagAlias
    form = TagAliasForm
    extra = 1
    verbose_name_plural = "Aliases (other names that give this tag, in the editor and in imports)"


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(queryset=Tag.objects.none(), widget=forms.RadioSelect, empty_label=None,
                                  label="Keep this tag; the others are merged into it")

    def __init__(self, *args, tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = tags


@admin.register(Tag)
class TagDeskAdmin(admin.ModelAdmin):
    form = TagDeskForm
    inlines = [TagProfileInline, TagAliasInline]
    list_display = ["name", "live_stories", "total_stories", "last_used", "alias_list", "is_internal"]
    search_fields = ["name", "slug", "aliases__name"]
    search_help_text = "Search by name, address or alias."
    readonly_fields = ["address"]
    list_filter = [("profile__internal", admin.BooleanFieldListFilter)]
    ordering = ["name"]
    actions = ["merge_selected"]
    list_per_page = 50

    # Editors and Publishers (taggit.change_tag) run the desk; Reporters only read tags in stories.
    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("taggit.change_tag")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_delete_permission(self, request, obj=None):
        if not request.user.has_perm("taggit.delete_tag"):
            return False
        return obj is None or not obj.articles_taggedarticle_items.exists()

    def get_queryset(self, request):
        live = Article.objects.published().values("pk")
        return super().get_queryset(request).annotate(
            total=Count(USES, distinct=True),
            live=Count(USES, filter=Q(**{f"{USES}__content_object__in": live}), distinct=True),
            last=Max(f"{USES}__tagged_at"),  # when it was last put on a story (merges and imports included)
        ).select_related("profile").prefetch_related("aliases")

    @admin.display(description="reader address")
    def address(self, tag):
        if tag.pk is None:
            return "Made from the name when you save."
        old = ", ".join(f"/tag/{r}/" for r in tag.old_addresses.values_list("old_slug", flat=True))
        return f"/tag/{tag.slug}/" + (f" (old addresses that lead here: {old})" if old else "")

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {"title": "Tag desk", **(extra_context or {})})

    @admin.display(description="live", ordering="live")
    def live_stories(self, tag):
        return tag.live

    @admin.display(description="stories", ordering="total")
    def total_stories(self, tag):
        url = reverse("admin:articles_article_changelist") + f"?tags__id__exact={tag.pk}"
        return format_html('<a href="{}">{}</a>', url, tag.total) if tag.total else 0

    @admin.display(description="last used", ordering="last")
    def last_used(self, tag):
        return date_format(timezone.localtime(tag.last), "j M Y") if tag.last else "never"

    @admin.display(description="aliases")
    def alias_list(self, tag):
        return ", ".join(alias.name for alias in tag.aliases.all())

    @admin.display(description="internal", boolean=True)
    def is_internal(self, tag):
        return is_internal(tag)

    def save_model(self, request, obj, form, change):
        if change and "name" in form.changed_data:
            rename_tag(obj, name=form.cleaned_data["name"])
        else:
            super().save_model(request, obj, form, change)

    def delete_queryset(self, request, queryset):
        used = list(queryset.filter(total__gt=0).values_list("name", flat=True))
        if used:
            raise PermissionDenied(f"Tags in use cannot be deleted; merge them instead: {', '.join(used)}")
        super().delete_queryset(request, queryset)

    @admin.action(description="Merge selected tags into one", permissions=["change"])
    def merge_selected(self, request, queryset):
        tags = Tag.objects.filter(pk__in=queryset.values("pk")).order_by("name")
        form = MergeForm(request.POST if "apply" in request.POST else None, tags=tags)
        if len(tags) < 2:
            self.message_user(request, "Choose at least two tags to merge.", messages.WARNING)
            return None
        if not form.is_bound or not form.is_valid():
            counted = self.get_queryset(request).filter(pk__in=tags.values("pk"))
            return TemplateResponse(request, "admin/taggit/tag/merge.html", {
                **self.admin_site.each_context(request), "title": "Merge tags", "tags": counted, "form": form,
                "opts": self.model._meta, "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            })
        keep = form.cleaned_data["keep"]
        merged = [tag for tag in tags if tag.pk != keep.pk]
        count = merge_tags(sources=merged, target=keep, user=request.user)
        self.message_user(
            request, f"Merged {', '.join(tag.name for tag in merged)} into {keep.name}: {count} stories re-tagged; "
            "the old addresses and feeds now lead to it.",
        )
        return None
