"""Kept for `scrapyd-deploy`, which builds the project's egg with `python setup.py bdist_egg`; all metadata lives in
pyproject.toml."""
from setuptools import setup

setup()
