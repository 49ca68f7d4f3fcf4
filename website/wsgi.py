"""WSGI entry point for gunicorn: ``gunicorn website.wsgi``. Uses the production profile."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "website.settings.production")

application = get_wsgi_application()
