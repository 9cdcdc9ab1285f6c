"""The tables under the story form: its credits (authors, in order) and its corrections (read-only)."""

from django.contrib import admin
from django.forms.models import BaseInlineFormSet

from articles import editorial
from articles.models import ArticleAuthor, Author, Correction


class CreditFormSet(BaseInlineFormSet):
    """The credits table: the story's authors are exactly the rows the editor leaves in it.

    It writes nothing itself: the admin reads it (:func:`credits_from_formsets`) into the
    snapshot it hands to ``articles.editorial``. When only someone else changed the authors
    since the form was opened (``ArticleForm.merge_credits``), it is not even validated, so
    their authors stand. After a conflict the editor saw their authors; saving again
    replaces them, including rows added meanwhile that this table never showed.
    """

    def __init__(self, *args, merged_credits=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.merged_credits = merged_credits or (lambda: None)

    def merged(self):
        return self.merged_credits() is not None

    def is_valid(self):
        return True if self.merged() else super().is_valid()



class CreditInline(admin.TabularInline):
    model = ArticleAuthor
    formset = CreditFormSet
    extra = 1
    autocomplete_fields = ["author"]
    classes = ["collapse"]  # a section of the desk's side panel that folds (desk_folds.js)
    fields = ["order", "author", "role"]

    def has_add_permission(self, request, obj):
        return super().has_add_permission(request, obj) and (obj is None or editorial.can_edit(request.user, obj))

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or editorial.can_edit(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or editorial.can_edit(request.user, obj))


class CorrectionInline(admin.TabularInline):
    """Corrections are appended through the workflow panel and never edited away here."""

    model = Correction
    classes = ["collapse"]
    extra = 0
    fields = ["published_at", "kind", "text", "created_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("articles.view_correction")


def credits_from_formsets(formsets):
    """Credits as the editor left them in the inline table (unchanged rows keep their initial values)."""
    credits = []
    for formset in formsets:
        if formset.model is not ArticleAuthor:
            continue
        for form in formset.forms:
            if formset.can_delete and formset._should_delete_form(form):
                continue
            data = form.cleaned_data if form.has_changed() else form.initial
            author = data.get("author")
            if not author:
                continue
            credits.append({"author_id": getattr(author, "pk", author), "role": data.get("role") or "byline",
                            "order": data.get("order") or 0})
    names = dict(Author.objects.filter(pk__in=[c["author_id"] for c in credits]).values_list("pk", "name"))
    credits = [c | {"author": names[c["author_id"]]} for c in credits if c["author_id"] in names]
    return sorted(credits, key=lambda c: c["order"])
