"""The form of Settings → Import a blog."""

import zipfile

from django import forms
from django.template.defaultfilters import filesizeformat

from practice_blog.blog.models import BlogIndexPage

from .xmlstream import MAX_FILE_BYTES

MAX_MEDIA_BYTES = 2 * 1024 * 1024 * 1024


class BlogChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, blog):
        site = blog.get_site()
        return f"{blog.title} ({site.hostname})" if site else blog.title


class ImportForm(forms.Form):
    source_file = forms.FileField(
        label="The file from your old blog",
        required=False,
        help_text="A WordPress export, a Blogger backup, or an RSS or Atom feed saved as a file "
        "(.xml). See above for where each platform keeps it.",
    )
    feed_address = forms.URLField(
        label="Or the address of its feed",
        required=False,
        assume_scheme="https",
        max_length=2000,
        help_text="For example https://www.example.com/blog-feed.xml (Wix). Leave empty when "
        "you upload a file.",
    )
    blog = BlogChoiceField(
        label="Import into",
        queryset=BlogIndexPage.objects.order_by("path"),
        empty_label=None,
        help_text="The blog the articles go into.",
    )
    media_file = forms.FileField(
        label="The old site's pictures (optional)",
        required=False,
        help_text="A .zip of the pictures, e.g. WordPress's wp-content/uploads folder, for a "
        "site that is already gone. Pictures are matched by the end of their old address.",
    )
    fetch_pictures = forms.BooleanField(
        label="Fetch pictures from the old site while it is still online",
        required=False,
        help_text="Only from the old site's own address as the file names it, with limits on "
        "size, type and time. Pictures in the .zip are used first.",
    )
    publish = forms.BooleanField(
        label="Publish the articles that were published on the old blog",
        required=False,
        help_text="Leave unticked to bring every article in as a draft you can read first. "
        "Subscribers are never emailed about imported articles.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_file"].widget.attrs["accept"] = ".xml,.rss,.atom,text/xml"
        self.fields["media_file"].widget.attrs["accept"] = ".zip,application/zip"
        if not self.fields["blog"].queryset.exists():
            self.fields["blog"].help_text = "There is no blog yet: add a blog page first."

    def clean_source_file(self):
        upload = self.cleaned_data.get("source_file")
        if upload and upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}, more than the "
                f"{filesizeformat(MAX_FILE_BYTES)} an export may be. Export the posts only, or "
                "by date range in several files."
            )
        return upload

    def clean_media_file(self):
        upload = self.cleaned_data.get("media_file")
        if not upload:
            return upload
        if upload.size > MAX_MEDIA_BYTES:
            raise forms.ValidationError(
                f"The zip is {filesizeformat(upload.size)}; it may be at most "
                f"{filesizeformat(MAX_MEDIA_BYTES)}. Split the pictures into several zips and "
                "import again with each: articles are updated, not doubled."
            )
        if not zipfile.is_zipfile(upload):
            raise forms.ValidationError("This is not a .zip file. Zip the folder of pictures.")
        upload.seek(0)
        return upload

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        if bool(data.get("source_file")) == bool(data.get("feed_address")):
            raise forms.ValidationError(
                "Upload the file from your old blog, or give its feed's address (one of the two)."
            )
        return data
