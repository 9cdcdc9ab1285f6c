"""Response shapes for the OpenAPI document (the endpoints build their JSON themselves, through the page cache)."""

from typing import Any, Optional

from ninja import Schema


class StoryPage(Schema):
    items: list[dict[str, Any]]
    next: Optional[str] = None


class SectionOut(Schema):
    slug: str
    name: str
    description: str
    url: str


class TagOut(Schema):
    slug: str
    name: str
    url: str


class AuthorOut(Schema):
    slug: str
    name: str
    job_title: str
    bio: str
    url: str


class Problem(Schema):
    detail: str
