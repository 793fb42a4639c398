"""``scrapy crawl portal -a portal=<slug>``: Scrapy's own crawl command, with the portal profile checked
first so that a bad slug or profile is one line on stderr and exit code 1, not a traceback; so is a crawl
that Scrapy cannot start (a bad ``-s`` setting value)."""
from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawl

from crawler.profiles import ProfileError
from crawler.registry import resolve
from crawler.runner import on_start_failure


class Command(ScrapyCrawl):
    def run(self, args, opts):
        if args and args[0] == "portal":
            try:
                if not opts.spargs.get("portal"):
                    raise ProfileError("missing -a portal=<slug> (see `portal-archive portals`)")
                profile = resolve(opts.spargs["portal"])
                if opts.spargs.get("base_url"):
                    profile.rebased(opts.spargs["base_url"])
            except ProfileError as exc:
                print(f"Error: {exc}", file=sys.stderr)
                self.exitcode = 1
                return
            failed = []  # what super().run() does, with the start-up failure handled instead of printed
            crawler = self._create_crawler("portal")
            on_start_failure(self.crawler_process.crawl(crawler, **opts.spargs), lambda exc, tb: failed.append(exc))
            self.crawler_process.start()
            if failed:
                print(f"Error: crawl not started: {failed[0]}", file=sys.stderr)
            stopped = crawler.stats.get_value("archive/write_error") or crawler.stats.get_value("warc/write_error")
            if stopped:  # the archive or the WARC folder refused a write: the crawl stopped
                print(f"Error: crawl stopped: {stopped}", file=sys.stderr)
            if failed or stopped or self.crawler_process.bootstrap_failed:
                self.exitcode = 1
            return
        super().run(args, opts)

