"""Scrapy settings: polite defaults. Per-portal values (delay, concurrency) come from the profile."""

BOT_NAME = "portal_archive"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

import os

# Who runs this archive (URL or e-mail): the one place to set it. Composed into the User-Agent of every
# crawl (crawler.middlewares.apply_politeness); the environment variable wins (the scheduler sets it from
# the schedule file's `contact`).
PORTAL_CONTACT = os.environ.get("PORTAL_ARCHIVE_CONTACT") or "https://github.com/portal-archive/portal-archive"
USER_AGENT = f"portal-archive/0.1 (+{PORTAL_CONTACT}; web archive of Vietnamese provincial portals)"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# items of one response handled at once; the pipelines are synchronous, so more buys nothing, and Scrapy
# starts that many asyncio worker tasks for every response
CONCURRENT_ITEMS = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 30                 # a profile's [politeness] download_timeout overrides it
DOWNLOAD_FAIL_ON_DATALOSS = True      # a truncated body is an error (retried), never a stored article
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024   # after decompression: caps gzip bombs too
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2

REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
LOG_FORMATTER = "crawler.logformatter.QuietLogFormatter"  # no per-item DEBUG record built at INFO and above

ITEM_PIPELINES = {
    "pipelines.store.NormalizePipeline": 100,
    "pipelines.dedup.DedupPipeline": 200,
    "pipelines.store.StorePipeline": 300,
}
DOWNLOADER_MIDDLEWARES = {
    # below HttpCompressionMiddleware (590): sees decoded bodies of final responses
    "crawler.warc.WarcCaptureMiddleware": 585,
    # Retry-After honoured on 429/503 (capped by RETRY_AFTER_MAX)
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawler.middlewares.RetryAfterMiddleware": 550,
    "crawler.middlewares.PageCapMiddleware": 110,   # after RobotsTxtMiddleware (100): disallowed ones don't count
    # crawler.safety: robots.txt 5xx/unreachable = complete disallow (RFC 9309); no private-address targets
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.safety.RobotsTxtUnavailableMiddleware": 100,
    "crawler.safety.SafeTargetMiddleware": 650,     # sees redirects before RedirectMiddleware (600)
    "crawler.safety.CrawlDelayMiddleware": 120,     # robots.txt Crawl-delay: after robots.txt is read (100)
}
ROBOTSTXT_CRAWL_DELAY_MAX = 60       # seconds: the longest robots.txt Crawl-delay honoured
ROBOTSTXT_UNAVAILABLE_RECHECK = 600  # seconds before an unavailable robots.txt is asked again
SAFETY_RESOLVE_HOSTS = True          # resolve the portal's own host names to catch ones pointing inside
RETRY_AFTER_MAX = 120           # seconds: longest Retry-After honoured
PORTAL_MAX_PAGES = 20000        # hard cap on pages per portal and run (profile/schedule/--max-pages lower it)
PORTAL_MAX_LINKS_PER_PAGE = 6000  # links of one page followed (Heritrix's default cap of outlinks); 0: all
PORTAL_MAX_QUEUED = 20000       # article URLs queued per run (resumed + new): the frontier grows in bounded chunks
FRONTIER_RETRY_BACKOFF = 3600   # seconds before a failed frontier URL is tried again (x4 after each failure)
FRONTIER_RETRY_ATTEMPTS = 5     # failures after which a frontier URL is given up
CLOSESPIDER_TIMEOUT = 0         # wall-clock limit of a run in seconds (crawl --max-runtime, schedule max_runtime)
EXTENSIONS = {
    "crawler.extensions.Progress": 500,
    "crawler.extensions.CollectorTuning": 510,
}
GC_THRESHOLD = [50000, 20, 10]  # crawler.extensions.CollectorTuning: fewer full collections of a big heap
GC_FREEZE = True

# Where this machine's archive lives. ``PORTAL_ARCHIVE_DATA`` (a directory: archive.db, warc/, logs/ go there)
# gives each scrapyd node its own shard; a job's ``setting=ARCHIVE_DB=...`` or ``--db`` wins over both.
ARCHIVE_DB = str(os.path.join(os.environ["PORTAL_ARCHIVE_DATA"], "archive.db")) \
    if os.environ.get("PORTAL_ARCHIVE_DATA") else "data/archive.db"
ARCHIVE_NODE = os.environ.get("PORTAL_ARCHIVE_NODE")  # recorded on crawl_runs.node (dispatch sets it per job)
ARCHIVE_BATCH_SIZE = 1000       # records per transaction (articles, URL events, counter snapshots). Each transaction
                                # adds an FTS5 segment that merges rewrite later, so fewer, larger ones cost less
ARCHIVE_FLUSH_INTERVAL = 30     # seconds: a smaller batch is written once its oldest record waited this long
ARCHIVE_TRIGGER = "manual"
ARCHIVE_MAX_SIZE_MB = 0        # a quota for the archive file (0: none); reaching it stops the crawl like a full disk
PORTAL_REFRESH = False          # re-fetch articles already archived
PORTAL_REFRESH_BEFORE = None    # ISO time: re-fetch (conditionally) articles last seen before it
PORTAL_FULL = False             # a full sweep: every listing page, every archived article re-validated (crawler.walk)
PORTAL_FULL_BEFORE = None       # ISO time: a full sweep when the portal's latest one started before it (full_every)
PORTAL_LISTING_MARGIN = 1       # incremental runs: listing pages walked past the first that brings nothing new
WARC_ENABLED = True
WARC_DIR = None                 # default: the archive's warc/ (portal_archive.archive.paths)
WARC_MAX_SIZE = 256 * 1024 * 1024
WARC_MIN_FREE_MB = 64           # stop the crawl when the WARC folder's disk has less free space than this
WARC_COMPRESSION = "fast"       # ISA-L deflate (little CPU); "small": zlib level 6 (smaller files, more CPU)
IMAGES_ENABLED = True           # page requisites (crawler.requisites): article images and the logo, into the WARC
IMAGES_MAX_SIZE = 5 * 1024 * 1024   # bytes: a larger image is refused while downloading (capture_status too_large)
IMAGES_BUDGET = 256 * 1024 * 1024   # bytes of images per crawl of a portal; past it: capture_status budget
PROGRESS_ENABLED = None  # None: on when stderr is a terminal
COMMANDS_MODULE = "crawler.scrapy_commands"
