"""Scrapy command overrides (``COMMANDS_MODULE``)."""
