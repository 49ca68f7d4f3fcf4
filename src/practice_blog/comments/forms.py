"""The public comment form: what a reader may send, checked field by field."""

from django import forms

from practice_blog.core import anonymous_posts as guard

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH

# A name is shown on the page: it is not a place for links or addresses.
ADDRESS_SIGNS = ("://", "www.", "@")


def refuse_unsafe(value, label):
    problem = guard.unsafe_text_reason(value)
    if problem:
        raise forms.ValidationError(f"{label} {problem}. Please remove them and send it again.")
    return value


class CommentForm(forms.Form):
    """Name, email and comment, plus the page (and the comment answered) as hidden numbers.

    The bot traps (honeypot, signed render time) are checked by the view before this form.
    """

    page = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    parent = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    name = forms.CharField(
        label="Name shown with your comment",
        max_length=NAME_MAX_LENGTH,
        help_text="A first name or a nickname is fine.",
        error_messages={
            "required": "Please give a name to show with your comment.",
            "max_length": f"Please shorten the name to {NAME_MAX_LENGTH} characters or fewer.",
        },
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        help_text="Never shown. We send you a link to confirm your comment.",
        error_messages={
            "required": "Please give your email address, so you can confirm your comment.",
            "max_length": "Please check your email address: it is longer than any address can be.",
            "invalid": "Please check your email address: it should look like name@example.com.",
        },
    )
    body = forms.CharField(
        label="Your comment",
        max_length=BODY_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": "Please write a comment before sending.",
            "max_length": f"Please shorten your comment to {BODY_MAX_LENGTH:,} characters or "
            "fewer (it has %(show_value)s).",
        },
    )

    def __init__(self, *args, **kwargs):
        # Ids of our own, so a host page's other forms (Django's default "id_name") never clash.
        kwargs.setdefault("auto_id", "comment-%s")
        super().__init__(*args, **kwargs)

    def clean_name(self):
        name = self.cleaned_data["name"]
        if "\n" in name or "\r" in name:
            raise forms.ValidationError("Please keep the name on one line.")
        name = refuse_unsafe(" ".join(name.split()), "The name")
        if any(sign in name.casefold() for sign in ADDRESS_SIGNS):
            raise forms.ValidationError("Please leave web and email addresses out of the name.")
        if not name:
            raise forms.ValidationError("Please give a name to show with your comment.")
        return name

    def clean_body(self):
        body = self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")
        return refuse_unsafe(body, "The comment")

    def error_list(self):
        """Every error as one sentence each, for the script's message."""
        return [str(error) for errors in self.errors.values() for error in errors]
