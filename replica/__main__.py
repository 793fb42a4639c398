"""``python -m replica [--seed N] [--articles N] [--port-base 8701] [--large-pages]``: serve until Ctrl-C."""
from __future__ import annotations

import argparse
import signal
import sys
import time

from . import PORTALS
from .server import start
from .site import DEFAULT_ARTICLES, DEFAULT_SEED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m replica", description=__doc__)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed (default %(default)s)")
    parser.add_argument("--articles", type=int, default=DEFAULT_ARTICLES, help="articles per portal (default %(default)s)")
    parser.add_argument("--port-base", type=int, default=8701,
                        help="first port; portals get consecutive ports (default %(default)s; 0 = any free port)")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--large-pages", action="store_true", help="pad pages to 60–110 KB (benchmarks)")
    parser.add_argument("--only", choices=PORTALS, action="append", help="serve only this portal (repeatable)")
    args = parser.parse_args(argv)
    slugs = args.only or list(PORTALS)
    try:
        rep = start(slugs, host=args.host, ports=args.port_base or None, seed=args.seed,
                    articles=args.articles, large_pages=args.large_pages)
    except OSError as exc:
        print(f"replica: cannot listen: {exc}", file=sys.stderr)
        return 1
    for slug, url in rep.base_urls.items():
        print(f"{slug:18} {url}/  ({len(rep.sites[slug].articles)} articles)", flush=True)
    print("Serving; press Ctrl-C to stop.", flush=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # `kill` stops as cleanly as Ctrl-C
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        rep.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
