"""The story form: rich-text body, and the stale-edit check with field-level merge.

The form carries the story as it was when the page was opened (``base``, signed).
On save it locks the row (the admin runs the whole POST in one transaction) and
compares three versions of each field: what the editor started from, what is in
the database now, and what the editor typed. Fields only someone else changed are
taken from the database (merged); a field both changed differently is a conflict
and the save is refused with the editor's text kept in the form.
"""

from django import forms
from django.core import signing
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_prose_editor.fields import ProseEditorFormField

from articles import workflow
from articles.admin.body import from_editor, to_editor
from articles.models import Article, CorrectionKind, Image, Section
from articles.models.editorial import SNAPSHOT_FIELDS, take_snapshot
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

# Snapshot keys of foreign keys, and the model they point to.
REFERENCES = {"section": Section, "lead_image": Image}


class TagNames:
    """Lets taggit's widget render a list of names the way it renders tags."""

    def __init__(self, name):
        self.name = name


def snapshot_key(name):
    return f"{name}_id" if name in REFERENCES or name == "assignee" else name


def comparable(name, value):
    """A field's value reduced to what matters for deciding whether it changed."""
    if hasattr(value, "pk"):
        return value.pk
    if name == "body":
        return clean_html(value or "")
    if name == "tags":
        names = (str(getattr(v, "name", v)).strip().lower() for v in (value or []))
        return sorted({n for n in names if n})
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, str) and value and name in ("publish_at", "deadline"):
        return parse_datetime(value).isoformat()
    return value if value not in (None, "") else ""


class ArticleForm(forms.ModelForm):
    base = forms.CharField(widget=forms.HiddenInput, required=False)
    body = ProseEditorFormField(config=BODY_EDITOR, sanitize=clean_html, required=False)
    canonical_url = Article._meta.get_field("canonical_url").formfield(assume_scheme="https")

    class Meta:
        model = Article
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.merged_fields = []
        self.expected_version = None
        self.base_version = None
        self.current = None
        pending = getattr(self.instance, "_pending_revision", None)
        if pending is not None and "tags" in self.fields:
            self.initial["tags"] = [TagNames(n) for n in pending.snapshot.get("tags", [])]
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
        return signing.dumps({"version": article.version, "snapshot": snapshot or take_snapshot(article)},
                             salt=BASE_SALT, compress=True)

    def edited_fields(self):
        return [name for name in self.fields if name == "tags" or snapshot_key(name) in SNAPSHOT_FIELDS]

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
        self.merge(base["snapshot"], workflow.working_snapshot(current), cleaned)
        return cleaned

    def merge(self, base, now, cleaned):
        """Take fields only others changed from ``now``; refuse when a field was changed differently by both."""
        conflicts, merged = [], []
        for name in self.edited_fields():
            if name not in cleaned:
                continue
            key = snapshot_key(name)
            was, theirs = comparable(name, base.get(key)), comparable(name, now.get(key))
            mine = comparable(name, cleaned[name])
            if theirs == was:
                continue
            if mine == was:
                cleaned[name] = self.form_value(name, now.get(key))
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
            seen = {**now, **{snapshot_key(name): base.get(snapshot_key(name)) for name in merged}}
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
            # The credits table saves nothing; the authors stay as the other person left them.
            self.instance._merged_credits = now.get("credits", [])
            return "merged"
        return "conflict" if mine != theirs else ""

    def merged_labels(self):
        return [
            "authors" if name == "credits" else str(self.fields[name].label or name) for name in self.merged_fields
        ]

    def form_value(self, name, value):
        if name in REFERENCES:
            return REFERENCES[name].objects.filter(pk=value).first()
        if name == "assignee":
            return self.fields[name].queryset.filter(pk=value).first()
        if name == "tags":
            return list(value or [])
        if name in ("publish_at", "deadline") and value:
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
    if name in REFERENCES:
        return str(REFERENCES[name].objects.filter(pk=value).first() or "(deleted)")
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
