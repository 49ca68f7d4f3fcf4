"""The forms of the reader comment screens: search, the practice's reply, export and erasure."""

from django import forms

from .models import BODY_MAX_LENGTH, NAME_MAX_LENGTH, CannedReply

SEARCH_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """The search box above a list: a name or words from the comment."""

    q = forms.CharField(
        label="Search by name or comment text",
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        strip=True,
    )

    def query(self):
        """The words searched for, or "" when the box is empty or too long."""
        return self.cleaned_data["q"] if self.is_valid() else ""


class ReplyForm(forms.Form):
    """The practice's reply under an approved comment, published at once."""

    display_name = forms.CharField(
        label="Name shown with the reply",
        max_length=NAME_MAX_LENGTH,
        help_text="Readers see this as who replied, marked “Reply from the practice”.",
    )
    body = forms.CharField(
        label="Reply",
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Plain text, published as soon as you send it. General information only, "
        "not clinical advice.",
        error_messages={"required": "Write a reply before sending."},
    )

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError("Give a name to show with the reply.")
        return name


class CannedReplyChoiceForm(forms.Form):
    """Which canned reply to put in the reply box (a GET form, so it works without script)."""

    canned = forms.ModelChoiceField(
        label="Start from a canned reply",
        queryset=CannedReply.objects.all(),
        empty_label="Choose a canned reply",
        required=False,
    )

    def chosen_text(self):
        """The chosen canned reply's text, or ``None`` when none (or an unknown one) was chosen."""
        if self.is_valid() and self.cleaned_data["canned"] is not None:
            return self.cleaned_data["canned"].text
        return None


class ExportForm(forms.Form):
    """Which comments to download, and as what."""

    FORMATS = [("csv", "CSV (any spreadsheet program)"), ("xlsx", "Excel (XLSX)")]

    status = forms.ChoiceField(label="Comments", required=False)
    format = forms.ChoiceField(label="File", choices=FORMATS, widget=forms.RadioSelect)

    def __init__(self, *args, status_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "Every comment"), *status_choices]


class EraseForm(forms.Form):
    """The address whose comments are erased (``confirm`` is set on the second step)."""

    email = forms.EmailField(
        label="The reader's email address",
        max_length=254,
        help_text="The address they wrote their comments from. Capitals do not matter.",
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
