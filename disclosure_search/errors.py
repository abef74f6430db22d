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
