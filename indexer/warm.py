"""Imported by the worker pool's forkserver (see indexer.workers): imports what a worker runs
and builds the matchers every document needs, the authority register and the topic patterns,
once, so that each worker process forked from it starts with them instead of importing and
building them again (about 2 s each)."""

import indexer.reading  # noqa: F401 - extraction, metadata and index documents, imported
from indexer.metadata.register import register
from indexer.topics import taxonomy

register()
taxonomy()
