"""WARC capture (ISO 28500, via warcio): every HTTP response the crawler receives is written as a
request + response record pair, gzip per record, into size-rotated files.

Downloader middleware ``WarcCaptureMiddleware``. Settings: ``WARC_ENABLED`` (default True),
``WARC_DIR`` (default: ``warc/`` beside ``ARCHIVE_DB``), ``WARC_MAX_SIZE`` (bytes per file before
rotation, default 256 MiB), ``WARC_COMPRESSION``: ``fast`` (default: ISA-L deflate level 2, about an
eighth of zlib level 6's CPU for files ~17 % larger; zlib level 1 if ``isal`` is not installed) or ``small``
(zlib level 6); either way each record is its own standard gzip member. The capture location is put in
``response.meta["warc"]`` (file, record id, offset, payload digest) so the article row can reference it.

Scrapy hands over the decoded body (transfer and content encodings undone), so the record stores that
body with ``Content-Encoding``/``Transfer-Encoding`` dropped and ``Content-Length`` set to match;
``WARC-Payload-Digest`` is the digest of that body.
"""
from __future__ import annotations

import os
import socket
import threading
import zlib
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from scrapy import signals
from scrapy.exceptions import NotConfigured
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

try:
    from isal import isal_zlib
except ImportError:  # pragma: no cover - a platform without an isal wheel
    isal_zlib = None

# WARC_COMPRESSION -> (deflate implementation, level); figures on 86 KB replica pages in bench/BEFORE_AFTER.md
COMPRESSION = {
    "fast": (isal_zlib, 2) if isal_zlib is not None else (zlib, 1),
    "small": (zlib, 6),
}
_DROP_HEADERS = {b"content-encoding", b"transfer-encoding", b"content-length"}


class WarcFileWriter:
    """Appends record pairs to ``<dir>/<prefix>-<UTC time>-<pid>-<n>.warc.gz``, rotating by size."""

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
        self.staging = BytesIO()
        self.writer = WARCWriter(self.staging, gzip=False)
        info = self.writer.create_warcinfo_record(self.path.name, {
            "software": "portal-archive (warcio)", "hostname": socket.gethostname(),
            "format": "WARC File Format 1.0",  # what warcio writes (WARC/1.0 records)
        })
        self._write_record(info)

    def _write_record(self, record) -> None:
        """Append one record as its own gzip member, as warcio's ``gzip=True`` does, but deflated as
        ``WARC_COMPRESSION`` says instead of at warcio's zlib level 9 (more CPU for no smaller files here)."""
        self.writer.write_record(record)
        gz = self.deflate.compressobj(self.level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
        with self.staging.getbuffer() as raw:
            self.file.write(gz.compress(raw) + gz.flush())
        self.staging.seek(0)
        self.staging.truncate()

    def write(self, url: str, request_headers: list[tuple[str, str]], method: str,
              status: int, reason: str, headers: list[tuple[str, str]], body: bytes, ip: str | None) -> dict:
        """Write the response (then its request) record; return the response's capture location."""
        with self.lock:
            if self.file is None or self.file.tell() >= self.max_size:
                self.close()
                self._open()
            http = StatusAndHeaders(f"{status} {reason}".strip(), headers + [("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            extra = {"WARC-IP-Address": ip} if ip else None
            response = self.writer.create_warc_record(url, "response", payload=BytesIO(body),
                                                      length=len(body), http_headers=http,
                                                      warc_headers_dict=extra)
            offset = self.file.tell()
            self._write_record(response)
            path = self.path
            record_id = response.rec_headers.get_header("WARC-Record-ID")
            req_line = f"{method} {_request_target(url)} HTTP/1.1"
            request = self.writer.create_warc_record(
                url, "request", payload=BytesIO(b""), length=0,
                http_headers=StatusAndHeaders(req_line, request_headers, is_http_request=True),
                warc_headers_dict={"WARC-Concurrent-To": record_id})
            self._write_record(request)
            self.file.flush()
            return {"file": path.name, "record_id": record_id, "offset": offset,
                    "digest": response.rec_headers.get_header("WARC-Payload-Digest")}

    def close(self):
        if self.file is not None:
            self.file.close()
            self.file = None


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

    def __init__(self, directory: Path, max_size: int, compression: str = "fast"):
        self.directory, self.max_size, self.compression = directory, max_size, compression
        self.writer = None

    @classmethod
    def from_crawler(cls, crawler):
        s = crawler.settings
        if not s.getbool("WARC_ENABLED", True):
            raise NotConfigured
        directory = s.get("WARC_DIR") or Path(s.get("ARCHIVE_DB", "data/archive.db")).parent / "warc"
        compression = s.get("WARC_COMPRESSION") or "fast"
        if compression not in COMPRESSION:
            raise ValueError(f"WARC_COMPRESSION must be one of {', '.join(COMPRESSION)}, not {compression!r}")
        mw = cls(Path(directory), s.getint("WARC_MAX_SIZE", 256 * 1024 * 1024), compression)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(mw.spider_closed, signal=signals.spider_closed)
        return mw

    def spider_opened(self, spider):
        prefix = getattr(getattr(spider, "profile", None), "slug", spider.name)
        self.writer = WarcFileWriter(self.directory, prefix, self.max_size, self.compression)

    def spider_closed(self, spider):
        if self.writer:
            self.writer.close()

    def process_response(self, request, response, spider=None):
        if self.writer is None:
            return response
        ip = getattr(response, "ip_address", None)
        request.meta["warc"] = self.writer.write(  # response.meta is request.meta once tied
            response.url, _headers(request.headers), request.method, response.status,
            _reason(response.status), _headers(response.headers, _DROP_HEADERS), response.body,
            str(ip) if ip else None)
        return response


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
