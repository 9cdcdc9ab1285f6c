"""Downloading the images imported stories refer to (only with ``--fetch-images``).

The download itself is :func:`articles.safe_http.fetch` (public addresses only,
pinned connections, capped size and time); the bytes then go through the same
checks and cleaning as an editor's upload (:func:`articles.images.prepare_image`).
The address check is a parameter (``allow_address``), so tests can serve
pictures from a local server while the command never can.

Downloads happen before a batch's transaction (:meth:`ImageFetcher.fetch_all`),
never inside it, and files stored for a batch that did not commit are deleted
afterwards (:meth:`FetchedFiles.discard_unused`).
"""

import io
from pathlib import PurePosixPath

from django.core.files.storage import default_storage

from articles.images import ImageRejected, prepare_image
from articles.safe_http import MAX_BYTES, TIMEOUT, FetchRefused, fetch, is_public_address  # noqa: F401


class ImageFetcher:
    def __init__(self, *, max_bytes=MAX_BYTES, timeout=TIMEOUT, allow_address=is_public_address):
        self.max_bytes, self.timeout, self.allow_address = max_bytes, timeout, allow_address
        self.stored = set()  # every file this run stored, for clean-up after an --atomic rollback

    def fetch_all(self, urls):
        """Download, check and store every address in ``urls``; call outside any transaction."""
        from articles.models import Image

        fetched = FetchedFiles()
        file_field = Image._meta.get_field("file")
        for url in dict.fromkeys(urls):
            try:
                content = clean_image(self.download(url))
            except FetchRefused as exc:
                fetched.problems[url] = str(exc)
                continue
            fetched.stored[url] = default_storage.save(file_field.generate_filename(None, content.name), content)
        self.stored.update(fetched.stored.values())
        return fetched

    def discard_unused(self):
        """Delete every file this run stored that no saved image uses."""
        delete_unused(self.stored)

    def download(self, url):
        return fetch(url, headers={"Accept": "image/*"}, max_bytes=self.max_bytes, timeout=self.timeout,
                     allow_address=self.allow_address).body


def clean_image(content):
    """``content`` checked and cleaned like an upload, as a file to store; else refuse."""
    try:
        return prepare_image(io.BytesIO(content), name="")
    except ImageRejected as exc:
        raise FetchRefused(f"not an image we accept: {' '.join(exc.messages)}") from exc


def check_image(content):
    """The file extension ``content`` is stored with, if it is a picture we accept; else refuse."""
    return PurePosixPath(clean_image(content).name).suffix


class FetchedFiles:
    """Files downloaded for one batch, by address, and why the others were not."""

    def __init__(self):
        self.stored, self.problems = {}, {}

    def attach(self, image):
        """Point ``image.file`` at its downloaded file; return why there is none, or ``None``."""
        name = self.stored.get(image.source_url)
        if name is None:
            return self.problems.get(image.source_url, "not downloaded")
        image.file = name
        return None

    def discard_unused(self):
        """Delete the stored files no saved image uses (their batch or story was rolled back)."""
        delete_unused(self.stored.values())


def delete_unused(names):
    from articles.models import Image

    names = set(names)
    used = set(Image.objects.filter(file__in=names).values_list("file", flat=True)) if names else set()
    for name in names - used:
        default_storage.delete(name)
