"""The one way to find an unused slug."""

from django.utils.text import slugify


def slug_base(text, *, max_length=180, fallback="story"):
    return slugify(text or "")[:max_length].strip("-") or fallback


def unique_slug(queryset, base, *, taken=(), field="slug"):
    """``base``, or ``base-2``, ``base-3``… : the first that no row of ``queryset`` and nothing in ``taken`` uses.

    One query in the usual case: every slug of the form ``base`` or ``base-N`` already used is read at once.
    """
    used = set(queryset.filter(**{f"{field}__startswith": base}).values_list(field, flat=True)) | set(taken)
    slug, n = base, 1
    while slug in used:
        n += 1
        slug = f"{base}-{n}"
    return slug


def unique_slugs(queryset, bases, field="slug"):
    """:func:`unique_slug` for many bases at once, unique among themselves too; one query unless some are taken."""
    taken = set(queryset.filter(**{f"{field}__in": set(bases)}).values_list(field, flat=True))
    used, slugs = set(), []
    for base in bases:
        slug = unique_slug(queryset, base, taken=used, field=field) if base in taken or base in used else base
        used.add(slug)
        slugs.append(slug)
    return slugs
