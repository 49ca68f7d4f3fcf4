"""Bring an existing blog over: read another platform's export and create articles from it.

Each source has an adapter (``wxr`` for WordPress) that turns the export into
:class:`~practice_blog.importers.records.ImportedArticle` records; ``importer`` turns records
into draft articles under a blog, with a report of what was kept, changed or skipped.
"""
