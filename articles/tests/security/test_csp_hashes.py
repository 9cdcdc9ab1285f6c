"""The reader's one inline script is allowed by its exact sha256, which must follow the template."""

import base64
import hashlib
import re
from pathlib import Path

from django.conf import settings


def test_the_theme_bootstrap_script_matches_its_allowed_hash():
    template = (Path(settings.BASE_DIR) / "templates" / "jinja2" / "base.html").read_text()
    scripts = re.findall(r"<script>(.*?)</script>", template, re.DOTALL)
    assert len(scripts) == 1, "the reader pages carry exactly one inline script"
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    assert settings.THEME_BOOTSTRAP_HASH == f"'sha256-{digest}'"
    assert settings.THEME_BOOTSTRAP_HASH in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["script-src"]
