"""The reader site's newer parts: live blogs, author cards, sharing, editable pages, the breaking-news
banner and the most-read list. Every story they show comes from ``Article.objects.published()``."""
