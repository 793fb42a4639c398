"""portal-archive: everything around the crawl (the Scrapy project is ``crawler/``, its item pipelines
``pipelines/``): the SQLite archive, search, operations, the CLI and the Datasette plugin."""
