"""Shared helpers for the import and export tests."""

import io
from pathlib import Path

from django.core.management import CommandError, call_command

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


def run_import(*paths, **options):
    """Call ``import_articles``; return ``(exit code, stdout, stderr)``."""
    out, err = io.StringIO(), io.StringIO()
    options.setdefault("verbosity", 1)
    try:
        call_command("import_articles", *[str(p) for p in paths], stdout=out, stderr=err, **options)
        code = 0
    except CommandError as exc:
        code = exc.returncode
        err.write(f"{exc}\n")
    return code, out.getvalue(), err.getvalue()
