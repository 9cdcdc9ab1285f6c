"""Architecture invariant 2: no code path assigns a story's ``status`` except ``articles/workflow.py``."""

import ast
from pathlib import Path

import articles

APP = Path(articles.__file__).parent


def assignments_to_status(tree):
    """Lines that assign ``x.status = …`` or pass ``status=…`` to ``update``, ``create`` and the like."""
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Attribute) and target.attr == "status":
                    yield node.lineno
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr in {"update", "create", "update_or_create", "get_or_create"}:
                if any(keyword.arg == "status" for keyword in node.keywords):
                    yield node.lineno


def test_only_the_workflow_assigns_status():
    offenders = []
    for path in APP.rglob("*.py"):
        relative = path.relative_to(APP)
        if relative.parts[0] in ("tests", "migrations") or relative == Path("workflow.py"):
            continue
        for line in assignments_to_status(ast.parse(path.read_text(), str(path))):
            offenders.append(f"{relative}:{line}")
    assert offenders == []


def test_the_checker_finds_assignments():
    source = "story.status = 'published'\nArticle.objects.filter(pk=1).update(status='draft')\n"
    assert list(assignments_to_status(ast.parse(source))) == [1, 2]
