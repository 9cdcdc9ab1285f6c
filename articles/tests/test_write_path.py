"""Architecture invariant 2: no code outside ``articles/editorial/`` writes a story's content or status.

The scan reads every module of the app (not tests or migrations) as a syntax tree and
reports each form a story write can take: assigning a story field, ``setattr`` on a
story, ``Article(...)`` with content, writes through ``Article.objects`` and the story's
own rows (tags, credits, revisions, audit entries), ``.save()``/``.delete()`` of a story,
changes to a story's tags or credits through its managers, and the bulk writers of
``articles.editorial.copy_rows``: ``insert_rows(<a story model>, …)`` and any ``COPY … FROM STDIN``
(``cursor.copy(statement)``), whose table the scan cannot read from the code.
"""

import ast
from pathlib import Path

import articles
from articles.editorial.snapshots import ROW_FIELDS

APP = Path(articles.__file__).parent
STORY_FIELDS = {field.key for field in ROW_FIELDS} | {field.name for field in ROW_FIELDS} | {
    "status", "version", "first_published_at", "updated_at", "kill_reason", "word_count", "reading_time",
    "imported_version", "source_version", "modified_by", "created_by",
}
# Fields only a story has: assigning them to anything counts (an importer's plain ``record`` aside).
# Other story fields count when the target is named like a story (other models have a ``slug`` or ``body``).
STORY_ONLY = {"status", "publish_at", "first_published_at", "kill_reason"}
# The model keeps its own derived fields and version on save; the editorial package calls it.
EXEMPT = {Path("models/article.py")}
STORY_MODELS = {"Article", "ArticleAuthor", "TaggedArticle", "Revision", "AuditEntry"}
WRITES = {"save", "delete", "create", "update", "update_or_create", "get_or_create", "bulk_create", "bulk_update"}
RELATION_WRITES = {"add", "set", "remove", "clear", "create", "delete", "update", "bulk_create"}


def names_a_story(node):
    """Whether an expression is named like a story: ``article``, ``story``, ``self.article``…"""
    name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
    return any(word in name.lower() for word in ("article", "story", "stories"))


def root_name(node):
    while isinstance(node, (ast.Attribute, ast.Call, ast.Subscript)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else ""


def story_relation(node):
    """The story relation (``tags``, ``credits``…) a call chain such as ``article.credits.all()`` goes through."""
    while isinstance(node, (ast.Attribute, ast.Call)):
        if isinstance(node, ast.Call):
            node = node.func
            continue
        if node.attr in ("tags", "credits", "body_images", "revisions", "audit_entries") and names_a_story(node.value):
            return node.attr
        node = node.value
    return ""


def is_copy_statement(receiver, args):
    """Whether ``receiver.copy(*args)`` is psycopg's COPY: a cursor's, or given a ``COPY …`` statement
    (not a dict's ``.copy()`` nor ``shutil.copy(path, folder)``)."""
    if not args:
        return False
    text = args[0].value if isinstance(args[0], ast.Constant) else (
        args[0].values[0].value if isinstance(args[0], ast.JoinedStr) and isinstance(args[0].values[0], ast.Constant)
        else "")
    named = receiver.id if isinstance(receiver, ast.Name) else receiver.attr if isinstance(receiver, ast.Attribute) else ""
    return "cursor" in named.lower() or str(text).lstrip().upper().startswith("COPY")


def story_writes(tree):
    """``(line, what)`` for each story write in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr in STORY_FIELDS:
                    is_record = isinstance(target.value, ast.Name) and target.value.id == "record"
                    if names_a_story(target.value) or (target.attr in STORY_ONLY and not is_record):
                        yield node.lineno, f"assigns .{target.attr}"
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "setattr" and node.args:
            field = node.args[1] if len(node.args) > 1 else None
            constant = isinstance(field, ast.Constant) and field.value in STORY_FIELDS
            if constant or names_a_story(node.args[0]):
                yield node.lineno, "setattr on a story"
        if isinstance(func, ast.Name) and func.id == "Article":
            if any(keyword.arg in STORY_FIELDS for keyword in node.keywords):
                yield node.lineno, "Article(...) with story fields"
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if called == "insert_rows" and node.args and root_name(node.args[0]) in STORY_MODELS:
            yield node.lineno, f"insert_rows({root_name(node.args[0])}, …)"
        if called == "copy" and isinstance(func, ast.Attribute) and is_copy_statement(func.value, node.args):
            yield node.lineno, "COPY … FROM STDIN"
        if not isinstance(func, ast.Attribute):
            continue
        if func.attr in WRITES and root_name(func.value) in STORY_MODELS:
            yield node.lineno, f"{root_name(func.value)}….{func.attr}()"
        elif func.attr in ("save", "delete") and names_a_story(func.value):
            yield node.lineno, f".{func.attr}() of a story"
        elif func.attr in RELATION_WRITES and story_relation(func.value):
            yield node.lineno, f".{story_relation(func.value)}….{func.attr}() of a story"


def test_only_the_editorial_package_writes_stories():
    offenders = []
    for path in sorted(APP.rglob("*.py")):
        relative = path.relative_to(APP)
        if relative.parts[0] in ("tests", "migrations", "editorial") or relative in EXEMPT:
            continue
        for line, what in story_writes(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{relative}:{line}: {what}")
    assert offenders == []


def test_the_scanner_finds_every_form_of_story_write():
    source = "\n".join([
        "story.status = 'published'",  # 1
        "Article.objects.filter(pk=1).update(status='draft')",  # 2
        "article.headline = 'x'",  # 3
        "setattr(article, name, value)",  # 4
        "setattr(thing, 'body', value)",  # 5
        "Article(headline='x', body='y')",  # 6
        "Article.objects.bulk_update(stories, ['headline'])",  # 7
        "Article.objects.bulk_create(rows)",  # 8
        "article.save()",  # 9
        "story.delete()",  # 10
        "article.tags.add('Rice')",  # 11
        "story.credits.all().delete()",  # 12
        "ArticleAuthor.objects.create(article=a, author=b)",  # 13
        "Revision.objects.filter(article=a).update(pending=False)",  # 14
        "self.article.slug = 'moved'",  # 15
        "thing.publish_at = now",  # 16
        "insert_rows(Revision, rows)",  # 17
        "copy_rows.insert_rows(Article, stories)",  # 18
        "cursor.copy('COPY articles_article (headline) FROM STDIN')",  # 19
        "cursor.cursor.copy(statement)",  # 20
        "db.copy(f'COPY {table} FROM STDIN')",  # 21
    ])
    assert sorted({line for line, _ in story_writes(ast.parse(source))}) == list(range(1, 22))


def test_the_scanner_leaves_other_models_alone():
    source = "\n".join([
        "section.slug = 'news'",
        "tag.name = 'Rice'",
        "image.save()",
        "obj.save()",
        "Section.objects.create(name='x', slug='x')",
        "Article.objects.published().filter(slug=slug).first()",
        "lock.user = user",
        "record.version = '2'",
        "record.headline = 'A headline from the file'",
        "insert_rows(IncomingStory, rows)",
        "options = defaults.copy()",
        "shutil.copy(path, folder)",
    ])
    assert list(story_writes(ast.parse(source))) == []
