"""The lead-picture field: a thumbnail of the chosen picture with its description and credit, and a
searchable picker of library thumbnails (``static/newsroom/admin/lead_picture.js``) instead of a list
of file names and raw addresses.

``picture_choice`` is how a library picture is offered to an editor in every picker (this one and the
body's "Insert image from library", ``views.image_picker``).
"""

from django import forms
from django.urls import reverse

from articles.models import Image
from articles.templatetags.images import rendition_url


def picture_label(image):
    """What a person calls a picture: its title, caption or alt text; never a file name or an address."""
    text = image.title or image.caption or image.alt_text
    return " ".join(text.split())[:90] if text else f"Picture {image.pk} (no description yet)"


def picture_choice(image, thumbnail=None):
    """A library picture as pickers show it: thumbnail (a small square rendition), label, alt text, credit."""
    return {
        "id": image.pk, "label": picture_label(image), "alt": image.alt_text, "credit": image.credit,
        "caption": image.caption, "thumbnail": thumbnail or rendition_url(image, "1x1", 320, "webp"),
    }


class LeadPictureSelect(forms.Select):
    """The chosen picture's card, a "Choose from library" picker and the field's own ``<select>``, kept
    hidden, which holds only the chosen picture (never the whole library)."""

    template_name = "articles/widgets/lead_picture.html"  # app templates: the form renderer reads those

    class Media:
        js = ["newsroom/admin/lead_picture.js"]

    def get_context(self, name, value, attrs):
        context = forms.Widget.get_context(self, name, value, attrs)
        chosen = [v for v in context["widget"]["value"] if str(v).isascii() and str(v).isdigit() and 0 < int(v) < 2**63]
        image = Image.objects.filter(pk=int(chosen[0])).first() if chosen else None
        options = [self.create_option(name, "", "(no lead picture)", image is None, 0, attrs=None)]
        if image is not None:
            options.append(self.create_option(name, str(image.pk), picture_label(image), True, 1, attrs=None))
        context["widget"]["optgroups"] = [(None, options, 0)]
        context["widget"]["picture"] = picture_choice(image) if image is not None else None
        context["widget"]["lookup_url"] = reverse("admin:articles_article_image_picker")
        return context
