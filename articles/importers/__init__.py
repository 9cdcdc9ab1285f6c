"""One module per format; each has ``parse(data, *, origin, source)`` yielding ``StoryRecord``s."""

from articles.importers import text

PARSERS = {
    "text": text.parse,
}
