"""Wagtail's database search backend, with double quotes in search terms made harmless on SQLite.

The SQLite backend wraps each search term in double quotes for the FTS5 ``MATCH`` expression
but does not escape quotes inside the term, so a search for ``"`` or ``a"b`` in the admin
(images, documents, snippets) was a database error and a 500. Here quotes inside terms become
spaces before the expression is built. Other databases use the standard backend unchanged.

Settings::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "practice_blog.core.search_backend"}}
"""

from functools import cache

from wagtail.search.backends.database import SearchBackend as database_search_backend
from wagtail.search.query import Phrase, PlainText


def without_quotes(query):
    """The same plain-text or phrase query with its double quotes replaced by spaces."""
    if isinstance(query, PlainText) and '"' in query.query_string:
        return PlainText(
            query.query_string.replace('"', " "), operator=query.operator, boost=query.boost
        )
    if isinstance(query, Phrase) and '"' in query.query_string:
        return Phrase(query.query_string.replace('"', " "))
    return query


class QuoteSafeMixin:
    """For the SQLite query compilers: search terms reach FTS5 without double quotes."""

    def search(self, config, start, stop, score_field=None):
        query = without_quotes(self.query)
        if isinstance(query, (PlainText, Phrase)) and not query.query_string.strip():
            return self.queryset.none()  # nothing but quotes: nothing to look for
        return super().search(config, start, stop, score_field=score_field)

    def build_search_query_content(self, query, config=None):
        return super().build_search_query_content(without_quotes(query), config=config)


@cache
def quote_safe_sqlite_backend_class():
    """The SQLite FTS5 backend with quote-safe compilers.

    Built on first use: the SQLite search module can only be imported when the default
    database is SQLite with FTS5 (only then is its index model defined), not on PostgreSQL.
    """
    from wagtail.search.backends.database.sqlite import sqlite

    class SearchCompiler(QuoteSafeMixin, sqlite.SQLiteSearchQueryCompiler):
        pass

    class AutocompleteCompiler(QuoteSafeMixin, sqlite.SQLiteAutocompleteQueryCompiler):
        pass

    class QuoteSafeSQLiteSearchBackend(sqlite.SQLiteSearchBackend):
        query_compiler_class = SearchCompiler
        autocomplete_query_compiler_class = AutocompleteCompiler

    return QuoteSafeSQLiteSearchBackend


def SearchBackend(params):  # noqa: N802 - the name Wagtail looks up in a backend module
    """The backend for the default database: the quote-safe one where SQLite FTS5 is used."""
    backend = database_search_backend(params)
    # Compared by name: importing the SQLite class to compare with would fail elsewhere.
    if type(backend).__name__ == "SQLiteSearchBackend":
        return quote_safe_sqlite_backend_class()(params)
    return backend
