"""The media library in the admin: safe uploads, thumbnails, usage and a click-to-set focal point."""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from articles import editorial
from articles.images import max_pixels, max_upload_bytes
from articles.models import Image
from articles.templatetags.images import rendition_url

logger = logging.getLogger(__name__)


class ImageAdminForm(forms.ModelForm):
    """Every uploaded file is validated and re-encoded here, before anything is written to storage."""

    file = forms.FileField(required=False, widget=forms.FileInput())

    class Meta:
        model = Image
        fields = ["file", "title", "alt_text", "caption", "credit", "source_note", "source_url", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": "0", "max": "1"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read from the validation module (Pillow) when a form is made, not when the admin loads.
        from articles.images import ACCEPT, FORMAT_NAMES

        self.fields["file"].widget.attrs["accept"] = ACCEPT
        self.fields["file"].help_text = (
            f"{FORMAT_NAMES}; at most {max_upload_bytes() // 1_048_576} MB and "
            f"{max_pixels() // 1_000_000} megapixels. Location data and other camera metadata are removed."
        )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if isinstance(upload, UploadedFile):
            from articles.images import prepare_image

            return prepare_image(upload, name=upload.name)
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not (self.instance and self.instance.file) and not cleaned.get("source_url"):
            if "file" not in self.errors:
                self.add_error("file", "Choose a picture to upload.")
        return cleaned


class AltTextFilter(admin.SimpleListFilter):
    title = "alt text"
    parameter_name = "alt"

    def lookups(self, request, model_admin):
        return [("missing", "Missing"), ("present", "Written")]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return queryset.filter(alt_text__regex=r"^\s*$")
        if self.value() == "present":
            return queryset.exclude(alt_text__regex=r"^\s*$")
        return queryset


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
    list_display = ["thumbnail", "__str__", "alt_written", "credit", "dimensions", "uploaded_by", "uploaded_at"]
    list_display_links = ["thumbnail", "__str__"]
    search_fields = ["title", "caption", "credit", "alt_text"]
    list_filter = [AltTextFilter, ("uploaded_by", admin.RelatedOnlyFieldListFilter), "uploaded_at"]
    date_hierarchy = "uploaded_at"
    readonly_fields = ["focal_point_picker", "dimensions", "file_size", "uploaded_by", "uploaded_at"]
    fieldsets = [
        (None, {"fields": ["file", "focal_point_picker", ("focal_x", "focal_y")]}),
        ("Description", {"fields": ["title", "alt_text", "caption", "credit", "source_note", "source_url"]}),
        ("File", {"fields": ["dimensions", "file_size", "uploaded_by", "uploaded_at"], "classes": ["collapse"]}),
    ]
    list_per_page = 50
    show_full_result_count = False

    class Media:
        js = ["newsroom/admin/focal_point.js"]
        css = {"all": ["newsroom/admin/focal_point.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """The picture's usage, listing only the stories this user may see."""
        image = self.get_object(request, object_id)
        extra_context = {**(extra_context or {}), "used_in": self.used_in(image, request.user) if image else ""}
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        """A media storage that refuses the write (full, read-only) gives a message, not a 500; the
        form's transaction is rolled back, so nothing half-saved remains."""
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except OSError as error:
            logger.warning("Image upload refused by the media storage: %s", error)
            messages.error(request, "The picture could not be stored: the media storage refused to save it "
                                    f"({error.strerror or error}). Nothing was saved; please try again later.")
            return HttpResponseRedirect(request.get_full_path())

    def save_model(self, request, obj, form, change):
        if not change and obj.uploaded_by_id is None:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="")
    def thumbnail(self, obj):
        if not obj.file:
            return "—"
        return format_html(
            '<img src="{}" width="80" height="80" alt="" loading="lazy" class="library-thumb">',
            rendition_url(obj, "1x1", 320, "webp"),
        )

    @admin.display(description="alt text", boolean=True)
    def alt_written(self, obj):
        return bool(obj.alt_text.strip())

    @admin.display(description="size in pixels")
    def dimensions(self, obj):
        return f"{obj.width} × {obj.height}" if obj.width and obj.height else "—"

    @admin.display(description="focal point")
    def focal_point_picker(self, obj):
        if not obj or not obj.pk or not obj.file:
            return "Upload the picture and save; then click on it here to set its focal point."
        return format_html(
            '<div class="focal-picker" data-focal-picker>'
            '<img src="{}" alt="{}" width="{}" height="{}">'
            '<span class="focal-marker" aria-hidden="true"></span></div>'
            '<p class="help">Click the most important point of the picture (a face, the ball). '
            "Cropped versions keep it in frame.</p>",
            rendition_url(obj, "free", 960, "jpeg"), obj.alt_text, obj.width or "", obj.height or "",
        )

    @staticmethod
    def used_in(obj, user):
        """The stories using ``obj`` that ``user`` may see, as links (shown under the form)."""
        visible = editorial.visible_stories(user, obj.stories())
        stories = list(visible.order_by("-modified_at")[:50])
        if not stories:
            return "Not used in any story you may see." if obj.stories().exists() else "Not used in any story yet."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> ({})</li>',
                (
                    (reverse("admin:articles_article_change", args=[s.pk]), s.headline, s.get_status_display())
                    for s in stories
                ),
            ),
        )
