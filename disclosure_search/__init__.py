"""disclosure-search: search published Freedom of Information and EIR responses."""

__version__ = "0.1.0"
