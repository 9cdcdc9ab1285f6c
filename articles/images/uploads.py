"""The upload byte cap, enforced while the request streams in.

Django keeps small uploads in memory and writes large ones to a temporary file in
full before any form sees them. :class:`CappedUploadHandler` runs first and stops
passing a file's bytes on once it is over ``IMAGE_MAX_UPLOAD_BYTES``: the rest is
read from the connection and dropped, and the form receives an empty stand-in
that reports the real size, which :func:`validate_image_file` refuses with the
byte-cap message. So an oversized file never fills memory or the disk.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from articles.images import validation


class OversizedUpload(SimpleUploadedFile):
    """An upload that went over the cap: no content, only its name and how many bytes arrived."""

    def __init__(self, name, size, content_type=None):
        super().__init__(name, b"", content_type)
        self.size = size


class CappedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > validation.max_upload_bytes():
            return None  # later handlers (memory, temporary file) get nothing more of this file
        return raw_data

    def file_complete(self, file_size):
        if self.received > validation.max_upload_bytes():
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None
