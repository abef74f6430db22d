"""Imported by the worker pool's forkserver (see indexer.workers): builds the matchers every
document needs, the authority register and the topic patterns, once, so that each worker
process forked from it starts with them instead of building them again (about 2 s each)."""

from indexer.metadata.register import register
from indexer.topics import taxonomy

register()
taxonomy()
