"""Wagtail's image form in the words the rest of the admin uses.

A site opts in with ``WAGTAILIMAGES_IMAGE_FORM_BASE = "practice_blog.core.image_forms.PictureForm"``
(the demo site does): the image's "Description" becomes the *Picture description* every other
screen asks for, and its title says it is only for finding the picture again.
"""

from wagtail.images.forms import BaseImageForm


class PictureForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "description" in self.fields:
            self.fields["description"].label = "Picture description"
            self.fields["description"].help_text = (
                "What the picture shows, for readers who cannot see it, e.g. “Two chairs "
                "facing each other by a window”. Used wherever the picture appears without a "
                "description of its own."
            )
        if "title" in self.fields:
            self.fields[
                "title"
            ].help_text = "A name to find the picture by in the admin. Readers do not see it."
