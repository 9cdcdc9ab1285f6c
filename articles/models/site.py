"""Texts shown to readers that editors may change without a deploy."""

from django.db import models


class NoticeKind(models.TextChoices):
    KILLED = "killed", "Withdrawn story page"


DEFAULT_NOTICES = {
    NoticeKind.KILLED: (
        "This story has been withdrawn",
        "This story is no longer available. It was withdrawn by the editors. "
        "If you have questions, please contact the newsroom.",
    ),
}


class SiteNotice(models.Model):
    kind = models.CharField(max_length=20, choices=NoticeKind.choices, unique=True)
    heading = models.CharField(max_length=200, help_text="The page's headline, e.g. “This story has been withdrawn”.")
    text = models.TextField(help_text="Plain text shown to readers. Never mention the story's content here.")

    class Meta:
        verbose_name = "reader notice"

    def __str__(self):
        return self.get_kind_display()

    @classmethod
    def for_kind(cls, kind):
        """The saved notice, or an unsaved one with the default wording."""
        notice = cls.objects.filter(kind=kind).first()
        if notice is None:
            heading, text = DEFAULT_NOTICES[kind]
            notice = cls(kind=kind, heading=heading, text=text)
        return notice
