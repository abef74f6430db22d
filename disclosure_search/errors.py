"""Errors raised by disclosure-search; each edge (CLI, web, API) translates them for users."""


class DisclosureSearchError(Exception):
    """Base class: a problem a user can act on, with a message that says what to do."""


class NoIndexError(DisclosureSearchError):
    """The data home has no index yet."""


class InvalidQueryError(DisclosureSearchError):
    """A search request that cannot be understood (bad date, bad page number...)."""


class NotFoundError(DisclosureSearchError):
    """No disclosure, request or original with that identifier."""


class ExtractError(DisclosureSearchError):
    """A document could not be turned into text (encrypted, corrupt, unsupported...)."""


class FetchError(DisclosureSearchError):
    """A URL could not be fetched (HTTP error, timeout, too large, refused by a safety rule)."""


class CrawlBlockedError(FetchError):
    """A site keeps saying "too many requests" or shows an anti-bot challenge: stop, report."""


class ConfigError(DisclosureSearchError):
    """A setting is missing or malformed (env DISCLOSURE_SEARCH_*, a config file)."""


class SourceConfigError(ConfigError):
    """The bundled sources.toml (or the file given) is malformed, or names no such source."""


class HomeError(ConfigError):
    """The data home, or a file in it, cannot be created, opened or written."""


class WriterBusyError(DisclosureSearchError):
    """Another ingest or crawl held the data home's writer lock for longer than we waited."""
