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
from articles.models.autosave import Autosave  # noqa: E402

__all__ += ["Autosave"]
