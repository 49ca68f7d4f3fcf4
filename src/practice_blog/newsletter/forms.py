"""The signup form: an email address, an optional first name and (when asked) consent."""

import re
import unicodedata

from django import forms
from django.core import signing
from wagtail.models import Page

from practice_blog.core.anonymous_posts import TIMESTAMP_MAX_AGE_SECONDS, unsafe_text_reason

from .models import ConsentText

CONSENT_SALT = "practice_blog.newsletter.consent_version"
OUT_OF_DATE = "This form is out of date. Please reload the page and try again."


def signed_consent_version(version):
    """The hidden field's value for consent wording ``version`` (a ConsentText pk)."""
    return signing.dumps(version, salt=CONSENT_SALT)


# Names appear in the email greeting; links or addresses there would turn our confirmation
# email into a spam carrier, and line breaks could be abused as header injection elsewhere.
NAME_NOT_ALLOWED = re.compile(r"://|www\.|@|[<>]", re.IGNORECASE)


class SignupForm(forms.Form):
    """Validates a signup; hidden fields say which page and which consent wording it came from."""

    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter your email address.",
            "invalid": "Enter an email address like name@example.com.",
            "max_length": "That email address is too long (254 characters at most).",
        },
    )
    first_name = forms.CharField(
        label="First name (optional)",
        max_length=100,
        required=False,
        error_messages={"max_length": "Please keep your first name under 100 characters."},
    )
    consent = forms.BooleanField(
        required=False,
        error_messages={"required": "Tick the box to agree to receive our emails."},
    )
    consent_version = forms.CharField(
        max_length=200,
        error_messages={"required": OUT_OF_DATE},
    )
    page = forms.IntegerField(required=False, min_value=1)

    def __init__(self, *args, require_consent=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].required = require_consent

    def clean_consent_version(self):
        """The consent wording the form was rendered with, from its signed hidden field: a
        reader on a cached page records the wording they saw, and nobody can pick another."""
        try:
            version = signing.loads(
                self.cleaned_data["consent_version"],
                salt=CONSENT_SALT,
                max_age=TIMESTAMP_MAX_AGE_SECONDS,  # as long as the form's own timestamp
            )
            return ConsentText.objects.get(pk=version)
        except (signing.BadSignature, TypeError, ValueError, ConsentText.DoesNotExist):
            raise forms.ValidationError(OUT_OF_DATE) from None

    def clean_email(self):
        email = self.cleaned_data["email"]
        problem = unsafe_text_reason(email)
        if problem:
            raise forms.ValidationError(f"The email address {problem}.")
        return email

    def clean_first_name(self):
        name = self.cleaned_data["first_name"]
        problem = unsafe_text_reason(name)
        if problem:
            raise forms.ValidationError(f"Your first name {problem}. Please type it again.")
        if any(unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp") for char in name):
            raise forms.ValidationError("Your first name cannot contain line breaks.")
        if NAME_NOT_ALLOWED.search(name):
            raise forms.ValidationError("Please enter just your first name.")
        return name

    def clean_page(self):
        """The page the form was on; an unknown number is ignored rather than refused."""
        page_id = self.cleaned_data.get("page")
        return Page.objects.filter(pk=page_id).first() if page_id else None

    def error_list(self):
        """Every error as a flat list of sentences, for the summary and the live region."""
        return [message for errors in self.errors.values() for message in errors]
