"""Builds the optional C walks of extraction (``crawler/extract/_cwalk.pyx``), and is kept for `scrapyd-deploy`,
which builds the project's egg with `python setup.py bdist_egg`.

All metadata (packages, package data such as the portal profiles, the ``scrapy`` settings entry point) lives in
pyproject.toml. Without Cython or a C compiler the extension is left out (``optional=True``) and extraction runs
its Python code, with the same results (``crawler/extract/accel.py``).
"""
from setuptools import Extension, setup


def _extensions():
    try:
        import lxml
        from Cython.Build import cythonize
    except ImportError:
        return []
    ext = Extension("crawler.extract._cwalk", ["crawler/extract/_cwalk.pyx"], include_dirs=lxml.get_include(),
                    optional=True)
    return cythonize([ext], language_level=3, quiet=True)


setup(ext_modules=_extensions())
