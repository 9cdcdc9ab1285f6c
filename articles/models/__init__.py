from articles.models.article import (
    BYLINE_ROLES,
    Article,
    ArticleAuthor,
    CreditRole,
    Priority,
    Status,
    TaggedArticle,
)
from articles.models.images import Image
from articles.models.people import Author, Section

__all__ = [
    "BYLINE_ROLES",
    "Article",
    "ArticleAuthor",
    "Author",
    "CreditRole",
    "Image",
    "Priority",
    "Section",
    "Status",
    "TaggedArticle",
]
