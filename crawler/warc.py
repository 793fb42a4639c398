"""WARC capture (ISO 28500, via warcio): every HTTP response the crawler receives is written as a
request + response record pair, gzip per record, into size-rotated files.

Downloader middleware ``WarcCaptureMiddleware``. Settings: ``WARC_ENABLED`` (default True),
``WARC_DIR`` (default: the archive's ``warc/``, ``portal_archive.archive.paths.warc_dir``), ``WARC_MAX_SIZE`` (bytes per file before
rotation, default 256 MiB), ``WARC_COMPRESSION``: ``fast`` (default: ISA-L deflate level 2, a fraction of
zlib level 6's CPU for somewhat larger files; zlib level 1 if ``isal`` is not installed) or ``small``
(zlib level 6); either way each record is its own standard gzip member. The capture location is put in
``response.meta["warc"]`` (file, record id, offset, payload digest) so the article row can reference it.

Scrapy hands over the decoded body (transfer and content encodings undone), so the record stores that
body with ``Content-Encoding``/``Transfer-Encoding`` dropped and ``Content-Length`` set to match;
``WARC-Payload-Digest`` is the digest of that body.

A capture that cannot be written (``OSError``: disk full, quota, read-only folder), or a WARC folder whose disk
has less than ``WARC_MIN_FREE_MB`` free (default 64; 0: no check), stops the crawl as a full archive disk does:
one error line, the run recorded ``failed`` with finish reason ``warc_write_failed``, the stat
``warc/write_error``; the response is dropped (``WarcWriteFailed``), so no article is stored without its capture.
"""
from __future__ import annotations

import base64
import errno
import hashlib
import logging
import os
import shutil
import socket
import threading
import uuid
import zlib
from datetime import datetime, timezone
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders

from portal_archive.archive.paths import warc_dir

try:
    from isal import isal_zlib
except ImportError:  # pragma: no cover - a platform without an isal wheel
    isal_zlib = None

logger = logging.getLogger(__name__)


class WarcWriteFailed(IgnoreRequest):
    """The WARC capture of a response could not be written (disk full, quota): the crawl stops."""


# WARC_COMPRESSION -> (deflate implementation, level)
COMPRESSION = {
    "fast": (isal_zlib, 2) if isal_zlib is not None else (zlib, 1),
    "small": (zlib, 6),
}
_DROP_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}


class WarcFileWriter:
    """Appends record pairs to ``<dir>/<prefix>-<UTC time>-<pid>-<n>.warc.gz``, rotating by size.

    Records are written as warcio writes them (WARC/1.0, the same header fields in the same order, HTTP
    headers as ASCII or percent-encoded per RFC 8187 as warcio does), without its per-record objects and
    copies: the body is hashed twice (payload and block digests) and deflated once, in place."""

    def __init__(self, directory: Path, prefix: str, max_size: int, compression: str = "fast"):
        self.directory, self.prefix, self.max_size = Path(directory), prefix, max_size
        self.deflate, self.level = COMPRESSION[compression]
        self.directory.mkdir(parents=True, exist_ok=True)
        self.lock = threading.Lock()
        self.file = None
        self.serial = 0

    def _open(self):
        stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S")
        self.serial += 1
        self.path = self.directory / f"{self.prefix}-{stamp}-{os.getpid()}-{self.serial:05d}.warc.gz"
        self.file = open(self.path, "ab")
        info = {"software": "portal-archive (warcio)", "hostname": socket.gethostname(),
                "format": "WARC File Format 1.0"}  # what the records are (WARC/1.0)
        block = "".join(f"{k}: {v}\r\n" for k, v in info.items()).encode("utf-8")
        self._write_record([("WARC-Type", "warcinfo"), ("WARC-Record-ID", _record_id()),
                            ("WARC-Filename", self.path.name), ("WARC-Date", _warc_date()),
                            ("WARC-Block-Digest", _sha1(block)), ("Content-Type", "application/warc-fields"),
                            ("Content-Length", str(len(block)))], block)

    def _write_record(self, fields: list[tuple[str, str]], *block: bytes) -> None:
        """Append one record (its WARC header ``fields`` and ``block`` pieces) as its own gzip member, as warcio's
        ``gzip=True`` does, deflated as ``WARC_COMPRESSION`` says (warcio's zlib level 9 costs more CPU for
        no smaller files here)."""
        gz = self.deflate.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in fields) + "\r\n"
        write = self.file.write
        write(gz.compress(head.encode("utf-8")))
        for piece in block:
            write(gz.compress(piece))
        write(gz.compress(b"\r\n\r\n") + gz.flush())

    def _http_record(self, rec_type: str, url: str, http_head: bytes, body: bytes,
                     fields: list[tuple[str, str]]) -> tuple[str, str]:
        record_id, payload_digest = _record_id(), _sha1(body)
        block = hashlib.sha1(http_head)
        block.update(body)
        self._write_record([*fields, ("WARC-Type", rec_type), ("WARC-Record-ID", record_id),
                            ("WARC-Target-URI", url), ("WARC-Date", _warc_date()),
                            ("WARC-Payload-Digest", payload_digest), ("WARC-Block-Digest", _b32(block)),
                            ("Content-Type", f"application/http; msgtype={rec_type}"),
                            ("Content-Length", str(len(http_head) + len(body)))], http_head, body)
        return record_id, payload_digest

    def write(self, url: str, request_headers: list[tuple[str, str]], method: str,
              status: int, reason: str, headers: list[tuple[str, str]], body: bytes, ip: str | None) -> dict:
        """Write the response (then its request) record; return the response's capture location."""
        with self.lock:
            if self.file is None or self.file.tell() >= self.max_size:
                self.close()
                self._open()
            status_line = f"HTTP/1.1 {status} {reason}".strip()
            http = _http_head(status_line, [*headers, ("Content-Length", str(len(body)))])
            offset = self.file.tell()
            try:
                record_id, digest = self._http_record("response", url, http, body,
                                                      [("WARC-IP-Address", ip)] if ip else [])
                path = self.path
                req_line = f"{method} {_request_target(url)} HTTP/1.1"
                self._http_record("request", url, _http_head(req_line, request_headers), b"",
                                  [("WARC-Concurrent-To", record_id)])
                self.file.flush()
            except OSError:
                self._cut(offset)
                raise
            return {"file": path.name, "record_id": record_id, "offset": offset, "digest": digest}

    def _cut(self, offset: int) -> None:
        """Drop a half-written record pair (the file ends at its last whole record again), as far as the disk
        lets us; the file is not written to again."""
        file, self.file = self.file, None
        try:
            file.seek(offset)
            file.truncate()
            file.close()
        except OSError:
            pass

    def close(self):
        if self.file is not None:
            self.file.close()
            self.file = None


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _warc_date() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _b32(digest) -> str:
    return "sha1:" + base64.b32encode(digest.digest()).decode("ascii")


def _sha1(data: bytes) -> str:
    return _b32(hashlib.sha1(data))


def _http_head(first_line: str, headers: list[tuple[str, str]]) -> bytes:
    """The HTTP message head as warcio writes it: ASCII, or with non-ASCII header values percent-encoded."""
    text = first_line + "\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    try:
        return text.encode("ascii")
    except UnicodeEncodeError:  # rare (Scrapy hands over header bytes as latin-1): warcio's own rule
        return StatusAndHeaders(first_line, list(headers)).to_ascii_bytes()


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _headers(scrapy_headers, drop=()) -> list[tuple[str, str]]:
    out = []
    for name, values in scrapy_headers.items():
        if name.lower() in drop:
            continue
        for value in values:
            out.append((name.decode("latin-1"), value.decode("latin-1")))
    return out


class WarcCaptureMiddleware:
    """Downloader middleware writing each downloaded response (and its request) to WARC."""

    def __init__(self, directory: Path, max_size: int, compression: str = "fast", crawler=None, min_free_mb: float = 0):
        self.directory, self.max_size, self.compression = directory, max_size, compression
        self.crawler, self.min_free = crawler, int(min_free_mb * 1024 * 1024)
        self.writer = None
        self.failed: str | None = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("WARC_ENABLED", True):
            raise NotConfigured
        directory = s.get("WARC_DIR") or warc_dir(s.get("ARCHIVE_DB", "data/archive.db"))
        compression = s.get("WARC_COMPRESSION") or "fast"
        if compression not in COMPRESSION:
            raise ValueError(f"WARC_COMPRESSION must be one of {', '.join(COMPRESSION)}, not {compression!r}")
        mw = cls(Path(directory), s.getint("WARC_MAX_SIZE", 256 * 1024 * 1024), compression, crawler,
                 s.getfloat("WARC_MIN_FREE_MB", 0))
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider):
        prefix = getattr(getattr(spider, "profile", None), "slug", spider.name)
        try:
            self.writer = WarcFileWriter(self.directory, prefix, self.max_size, self.compression)
        except OSError as exc:  # the folder cannot be made: nothing may be fetched without its capture
            self.stop(exc)

    def spider_closed(self, spider):
        if self.writer:
            self.writer.close()

    def process_response(self, request, response, spider=None):
        if self.failed:
            raise WarcWriteFailed(self.failed)
        if self.writer is None:
            return response
        ip = getattr(response, "ip_address", None)
        try:
            if self.min_free and shutil.disk_usage(self.directory).free < self.min_free:
                raise OSError(errno.ENOSPC, f"less than {self.min_free // (1024 * 1024)} MB free (WARC_MIN_FREE_MB)")
            request.meta["warc"] = self.writer.write(  # response.meta is request.meta once tied
                response.url, _headers(request.headers), request.method, response.status,
                _reason(response.status), _headers(response.headers, _DROP_HEADERS), response.body,
                str(ip) if ip else None)
        except OSError as exc:
            self.stop(exc)
            raise WarcWriteFailed(self.failed) from None
        return response

    def stop(self, exc: OSError) -> None:
        """Stop the crawl once the WARC folder refuses a capture (see the module doc)."""
        self.failed = f"WARC write failed: {exc.strerror or exc} ({self.directory})"
        logger.error("%s; stopping the crawl", self.failed)
        if self.crawler is None:
            return
        self.crawler.stats.set_value("warc/write_error", self.failed)
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy >= 2.14
            deferred_from_coro(engine.close_spider_async(reason="warc_write_failed"))
        else:  # pragma: no cover
            engine.close_spider(self.crawler.spider, "warc_write_failed")


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def iter_responses(path: str | Path):
    """Yield ``(url, status, headers dict, body bytes, warc location dict, WARC-Date)`` for each
    response record of a WARC file; stops cleanly at a truncated tail."""
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh)
        try:
            for record in it:
                if record.rec_type != "response":
                    continue
                body = record.content_stream().read()
                offset = it.get_record_offset()
                headers = dict(record.http_headers.headers) if record.http_headers else {}
                status = int(record.http_headers.get_statuscode()) if record.http_headers else 0
                yield (record.rec_headers.get_header("WARC-Target-URI"), status, headers, body,
                       {"file": Path(path).name, "record_id": record.rec_headers.get_header("WARC-Record-ID"),
                        "offset": offset, "digest": record.rec_headers.get_header("WARC-Payload-Digest")},
                       record.rec_headers.get_header("WARC-Date"))
        except Exception:  # noqa: BLE001 - a file cut by a crash ends at its last complete record
            return
