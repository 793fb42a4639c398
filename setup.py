"""Kept for `scrapyd-deploy`, which builds the project's egg with `python setup.py bdist_egg`.

All metadata (packages, package data such as the portal profiles, the ``scrapy`` settings entry point)
lives in pyproject.toml."""
from setuptools import setup

setup()
