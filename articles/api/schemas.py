"""Response shapes for the OpenAPI document (the endpoints build their JSON themselves, through the page cache)."""

from typing import Any, Optional

from ninja import Field, Schema


class StoryPage(Schema):
    items: list[dict[str, Any]]
    next: Optional[str] = Field(None, description="The next page's address (with its cursor); null on the last page.")


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


class TagPage(Schema):
    items: list[TagOut]
    next: Optional[str] = Field(None, description="The next page's address (with its cursor); null on the last page.")


class AuthorPage(Schema):
    items: list[AuthorOut]
    next: Optional[str] = Field(None, description="The next page's address (with its cursor); null on the last page.")
