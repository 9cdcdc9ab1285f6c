from articles.models.article import (
    BYLINE_ROLES,
    Article,
    ArticleAuthor,
    CreditRole,
    Priority,
    Status,
    TaggedArticle,
)
from articles.models.corrections import Correction, CorrectionKind
from articles.models.editorial import AuditEntry, EditLock, EditorialComment, Revision
from articles.models.images import Image, Rendition
from articles.models.people import Author, Section

__all__ = [
    "BYLINE_ROLES",
    "Article",
    "ArticleAuthor",
    "Author",
    "Correction",
    "CorrectionKind",
    "CreditRole",
    "Image",
    "Priority",
    "Rendition",
    "Section",
    "Status",
    "TaggedArticle",
    "AuditEntry",
    "EditLock",
    "EditorialComment",
    "Revision",
]
from articles.models.redirects import ArticleRedirect  # noqa: E402
from articles.models.search import ArticleSearchDocument  # noqa: E402
from articles.models.site import NoticeKind, SiteNotice  # noqa: E402

__all__ += ["ArticleRedirect", "ArticleSearchDocument", "NoticeKind", "SiteNotice"]
from articles.models.newsroom import (  # noqa: E402
    ChecklistOverride,
    Notification,
    NotifyBy,
    PersonPreferences,
    ShareLink,
    StoryViewer,
)

__all__ += ["ChecklistOverride", "Notification", "NotifyBy", "PersonPreferences", "ShareLink", "StoryViewer"]
from articles.models.ingest import IncomingStory, IngestPoll, IngestSource  # noqa: E402

__all__ += ["IncomingStory", "IngestPoll", "IngestSource"]
from articles.models.api import ApiKey  # noqa: E402
from articles.models.webhooks import (  # noqa: E402
    DeliveryState,
    WebhookDelivery,
    WebhookEvent,
    WebhookSubscription,
)

__all__ += ["ApiKey", "DeliveryState", "WebhookDelivery", "WebhookEvent", "WebhookSubscription"]
from articles.models.tags import TagAlias, TagProfile, TagRedirect, normalise_tag_name  # noqa: E402

__all__ += ["TagAlias", "TagProfile", "TagRedirect", "normalise_tag_name"]
from articles.models.reader import (  # noqa: E402
    BreakingNews,
    LiveCoverage,
    LiveUpdate,
    PagePurpose,
    SitePage,
    SitePageRevision,
    StoryViews,
)

__all__ += ["BreakingNews", "LiveCoverage", "LiveUpdate", "PagePurpose", "SitePage", "SitePageRevision", "StoryViews"]
from articles.models.autosave import Autosave  # noqa: E402

__all__ += ["Autosave"]
from articles.models.jobs import DelayedJob  # noqa: E402

__all__ += ["DelayedJob"]
from articles.models.twofactor import BackupCodes  # noqa: E402

__all__ += ["BackupCodes"]
from articles.models.parts import StoryParts  # noqa: E402

__all__ += ["StoryParts"]
