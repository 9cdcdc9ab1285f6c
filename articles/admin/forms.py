"""The story form: rich-text body, and the stale-edit check with field-level merge.

The form carries the story as it was when the page was opened (``base``, signed).
On save it locks the row (the admin runs the whole POST in one transaction) and
compares three versions of each field: what the editor started from, what is in
the database now, and what the editor typed. Fields only someone else changed are
taken from the database (merged); a field both changed differently is a conflict
and the save is refused with the editor's text kept in the form.
"""

import uuid

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_prose_editor.fields import ProseEditorFormField

from articles import editorial
from articles.admin.body import from_editor, to_editor
from articles.editorial.snapshots import BY_NAME, Kind
from articles.models import Article, CorrectionKind, Status
from articles.sanitize import clean_html

BASE_SALT = "articles.admin.forms.base"

# The editor offers exactly what articles.sanitize allows; the sanitiser has the last word.
BODY_EDITOR = {
    "extensions": {
        "Bold": True,
        "Italic": True,
        "Heading": {"levels": [2, 3, 4]},
        "BulletList": True,
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "HardBreak": True,
        "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto", "tel"]},
        "Figure": True,
        "Caption": True,
        "Image": True,
    }
}

def pending_for(article):
    """The pending revision of a published story (the admin prefetches it as ``pending_revisions``)."""
    if not article.pk or article.status != Status.PUBLISHED:
        return None
    prefetched = getattr(article, "pending_revisions", None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return editorial.pending_revision(article)


class TagNames:
    """Lets taggit's widget render a list of names the way it renders tags."""

    def __init__(self, name):
        self.name = name


class ArticleForm(forms.ModelForm):
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    # A new story's one-time token: the same form sent twice (a retry after a lost answer) makes one story.
    new_story_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    body = ProseEditorFormField(config=BODY_EDITOR, sanitize=clean_html, required=False)

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merged_fields = []
        self.expected_version = None
        self.base_version = None
        self.current = None
        self.merged_credits = None  # the other editor's authors, when only they changed them
        pending = pending_for(self.instance)
        if pending is not None and "tags" in self.fields:
            self.initial["tags"] = [TagNames(n) for n in pending.snapshot.get("tags", [])]
        if not self.instance.pk:
            self.initial["new_story_token"] = uuid.uuid4().hex
        if self.instance.pk:
            self.initial["base"] = self.sign_base(self.instance, pending.snapshot if pending else None)
            self.initial["body"] = to_editor(self.instance.body)
        for name, field in self.fields.items():
            if getattr(field, "max_length", None) and name in ("headline", "seo_title", "seo_description", "kicker"):
                field.widget.attrs.update({"data-counter": field.max_length, "maxlength": field.max_length})

    def clean_body(self):
        return from_editor(self.cleaned_data["body"])

    @staticmethod
    def sign_base(article, snapshot=None):
        return signing.dumps({"version": article.version, "snapshot": snapshot or editorial.take_snapshot(article)},
                             salt=BASE_SALT, compress=True)

    def edited_fields(self):
        """The form's fields that are part of a snapshot (see ``articles.editorial.snapshots.FIELDS``)."""
        return [BY_NAME[name] for name in self.fields if name in BY_NAME]

    def snapshot(self, credits):
        """The whole story as the editor is saving it: row fields from the form, tags, ``credits``, corrections."""
        instance = self.instance
        tags = sorted({str(t).strip() for t in self.cleaned_data.get("tags", []) if str(t).strip()}, key=str.lower)
        return editorial.take_snapshot(instance, tags=tags, credits=credits,
                                       corrections=None if instance.pk else [])

    def clean(self):
        cleaned = super().clean()
        if not self.instance.pk:
            return cleaned
        # Lock the row for the rest of the admin's transaction: no window between check and write.
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        self.current = current
        self.expected_version = current.version
        try:
            base = signing.loads(self.data.get(self.add_prefix("base"), ""), salt=BASE_SALT)
        except signing.BadSignature:
            base = None
        if base is None:
            raise forms.ValidationError("This page is out of date: reload the story and make your changes again.")
        if base["version"] == current.version:
            return cleaned
        self.base_version = base["version"]
        self.merge(base["snapshot"], editorial.working_snapshot(current), cleaned)
        return cleaned

    def merge(self, base, now, cleaned):
        """Take fields only others changed from ``now``; refuse when a field was changed differently by both."""
        conflicts, merged = [], []
        for field in self.edited_fields():
            name, key = field.name, field.key
            if name not in cleaned:
                continue
            was, theirs = field.comparable(base.get(key)), field.comparable(now.get(key))
            mine = field.comparable(cleaned[name])
            if theirs == was:
                continue
            if mine == was:
                cleaned[name] = self.form_value(field, now.get(key))
                merged.append(name)
            elif mine != theirs:
                conflicts.append((name, now.get(key)))
        credits = self.merge_credits(base, now)
        if credits == "merged":
            merged.append("credits")
        if conflicts or credits == "conflict":
            # The editor has now seen the other version of the conflicting fields: the next save
            # compares against it. Fields that were merged are still shown as the editor sent them,
            # so for those the next save compares against the old version (and the old version
            # number, which makes it compare at all) and merges them again.
            seen = {**now, **{BY_NAME[name].key: base.get(BY_NAME[name].key) for name in merged if name in BY_NAME}}
            self.data = self.data.copy()
            self.data[self.add_prefix("base")] = signing.dumps(
                {"version": self.base_version if merged else self.current.version, "snapshot": seen},
                salt=BASE_SALT, compress=True,
            )
            if credits == "conflict":
                self.add_error(None, forms.ValidationError(
                    "Someone else changed the authors while you were editing. Their authors: %(value)s. "
                    "Your authors are kept below; save again to replace theirs.",
                    params={"value": describe("credits", now.get("credits"))}, code="stale",
                ))
            for name, value in conflicts:
                self.add_error(name, forms.ValidationError(
                    "Someone else changed this field while you were editing. Their version: %(value)s. "
                    "Your text is kept below; save again to replace theirs.",
                    params={"value": describe(name, value)}, code="stale",
                ))
            raise forms.ValidationError(
                "This story was changed by someone else since you opened it; nothing was saved. "
                "Fields you both changed are marked below."
            )
        self.merged_fields = merged

    def merge_credits(self, base, now):
        """Compare the authors three ways like the fields: "merged" (only others changed them), "conflict", or ""."""
        was, theirs = credit_key(base.get("credits", [])), credit_key(now.get("credits", []))
        mine = posted_credits(self.data)
        if theirs == was or mine is None:
            return ""
        if mine == was:
            # The credits table is ignored; the authors stay as the other person left them.
            self.merged_credits = now.get("credits", [])
            return "merged"
        return "conflict" if mine != theirs else ""

    def merged_labels(self):
        return [
            "authors" if name == "credits" else str(self.fields[name].label or name) for name in self.merged_fields
        ]

    def form_value(self, field, value):
        if field.kind is Kind.REFERENCE:
            return self.fields[field.name].queryset.filter(pk=value).first()
        if field.kind is Kind.TAGS:
            return list(value or [])
        if field.kind is Kind.TIME and value:
            return parse_datetime(value)
        return value


def credit_key(credits):
    """Credits reduced to what an editor changes: who, in which role, in which order."""
    ordered = sorted(enumerate(credits), key=lambda pair: (pair[1].get("order") or 0, pair[0]))
    return [(int(c["author_id"]), c.get("role") or "byline") for _, c in ordered]


def posted_credits(data, prefix="credits"):
    """The credits the editor is sending in the inline table, as ``credit_key`` gives them.

    ``None`` when the form had no credits table; rows that do not parse make a key that
    matches nothing, so they count as the editor's change.
    """
    if f"{prefix}-TOTAL_FORMS" not in data:
        return None
    rows = []
    try:
        total = min(int(data[f"{prefix}-TOTAL_FORMS"]), 1000)
        for i in range(total):
            author = data.get(f"{prefix}-{i}-author")
            if not author or data.get(f"{prefix}-{i}-DELETE"):
                continue
            order = int(data.get(f"{prefix}-{i}-order") or 0)
            rows.append({"author_id": int(author), "role": data.get(f"{prefix}-{i}-role"), "order": order})
    except ValueError:
        return [("unreadable", "")]
    return credit_key(rows)


def describe(name, value):
    if value in (None, "", []):
        return "(empty)"
    if name == "credits":
        return ", ".join(f"{c.get('author', c['author_id'])} ({c.get('role') or 'byline'})" for c in value)
    field = BY_NAME.get(name)
    if field is not None and field.kind is Kind.REFERENCE:
        return str(field.target().objects.filter(pk=value).first() or "(deleted)")
    if name == "tags":
        return ", ".join(value)
    if name == "body":
        from django.utils.html import strip_tags

        text = strip_tags(value)
        return f"“{text[:300]}{'…' if len(text) > 300 else ''}”"
    return f"“{value}”"


class TransitionForm(forms.Form):
    """The extras a workflow step may need."""

    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)
    at = forms.DateTimeField(required=False, label="Publication time")
    significant = forms.BooleanField(required=False, label="Significant update (shows 'Updated' to readers)")

    def clean_at(self):
        at = self.cleaned_data.get("at")
        if at is not None and timezone.is_naive(at):
            at = timezone.make_aware(at)
        return at


class CorrectionForm(forms.Form):
    kind = forms.ChoiceField(choices=CorrectionKind.choices)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class CommentForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, label="Comment")
