"""The write side: turns files and web pages into indexed disclosures."""
