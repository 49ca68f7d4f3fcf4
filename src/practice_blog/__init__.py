"""Practice Blog: articles, reader feedback, a newsletter and crisis-line help for the Wagtail site
of a small mental-health or healing practice. Each app under this package can be installed on
its own beside ``practice_blog.core``."""

__version__ = "0.2.0"
