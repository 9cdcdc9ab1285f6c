"""Notes an import leaves for editors on the stories it created.

A record's ``editor_note`` (a headline the importer derived, a wire agency's
``edNote``) becomes an editorial comment on the new story, with no user, so it
shows on the change form next to the other comments. Updates add nothing: the
note was left on the first import.
"""

from articles.importers.base import Outcome
from articles.models import EditorialComment

NOTE_PREFIX = "Import note: "


def add_import_notes(results):
    """One editorial comment per newly created story whose record carries an editor's note."""
    EditorialComment.objects.bulk_create(
        EditorialComment(article=result.article, user=None, text=NOTE_PREFIX + result.record.editor_note)
        for result in results
        if result.outcome == Outcome.CREATED and result.article is not None and result.record.editor_note
    )
