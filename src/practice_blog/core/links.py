"""Link helpers the Practice Blog apps share."""


def phone_uri(number, scheme="tel"):
    """Turn a displayed phone number into a ``tel:``/``sms:`` URI, keeping digits and a leading +.

    "(555) 010-4477" becomes "tel:5550104477"; "+44 116 123" becomes "tel:+44116123".
    Returns "" when the number has no digits, so templates can skip the link.
    """
    number = (number or "").strip()
    digits = "".join(ch for ch in number if ch.isdigit())
    if not digits:
        return ""
    prefix = "+" if number.startswith("+") else ""
    return f"{scheme}:{prefix}{digits}"
