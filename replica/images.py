"""Deterministic images for the replica: a small baseline JPEG per URL, its colours and pattern drawn from the URL.

``jpeg(path)`` is a 240x160 colour JPEG (8x8 blocks of flat colour: DC coefficients only, Huffman-coded with
the standard luminance DC table and a one-code AC table holding only end-of-block). Different paths give
different pictures and bytes; the same path always the same.
"""
from __future__ import annotations

import struct

from .text import stable_hash

WIDTH, HEIGHT = 240, 160

# ITU T.81 Annex K.3: the luminance DC table (code lengths 1..16, then symbols)
_DC_BITS = (0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
_DC_VALS = tuple(range(12))
_AC_BITS = (1,) + (0,) * 15  # one 1-bit code, "0": end of block
_AC_VALS = (0x00,)


def _codes(bits, vals) -> dict[int, tuple[int, int]]:
    """Canonical Huffman codes: symbol -> (code, length)."""
    codes, code, k = {}, 0, 0
    for length, count in enumerate(bits, start=1):
        for _ in range(count):
            codes[vals[k]] = (code, length)
            code += 1
            k += 1
        code <<= 1
    return codes


_DC = _codes(_DC_BITS, _DC_VALS)
_EOB = _codes(_AC_BITS, _AC_VALS)[0]


class _Bits:
    def __init__(self):
        self.out, self.acc, self.n = bytearray(), 0, 0

    def put(self, value: int, length: int) -> None:
        self.acc = (self.acc << length) | (value & ((1 << length) - 1))
        self.n += length
        while self.n >= 8:
            self.n -= 8
            byte = (self.acc >> self.n) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)  # byte stuffing
        self.acc &= (1 << self.n) - 1

    def flush(self) -> bytes:
        if self.n:
            self.put((1 << (8 - self.n)) - 1, 8 - self.n)  # pad with ones
        return bytes(self.out)


def _segment(marker: int, payload: bytes) -> bytes:
    return struct.pack(">HH", marker, len(payload) + 2) + payload


def _dht(cls_id: int, bits, vals) -> bytes:
    return bytes([cls_id, *bits, *vals])


def _colour(path: str, bx: int, by: int, cols: int, rows: int) -> tuple[int, int, int]:
    """The flat colour of block (bx, by): a gradient between two colours of the path, with diagonal bands."""
    h = stable_hash(path)
    a = (h & 0xFF, (h >> 8) & 0xFF, (h >> 16) & 0xFF)
    b = (255 - a[1], a[2] // 2 + 64, 255 - a[0])
    t = (bx / max(cols - 1, 1) + by / max(rows - 1, 1)) / 2
    band = ((bx + by + (h >> 24)) // 3) % 2
    shade = 0.8 if band else 1.0
    return tuple(int(((1 - t) * x + t * y) * shade) for x, y in zip(a, b))


def jpeg(path: str, width: int = WIDTH, height: int = HEIGHT) -> bytes:
    """A baseline JPEG of ``width`` x ``height`` (multiples of 8) drawn from ``path``."""
    cols, rows = width // 8, height // 8
    bits, pred = _Bits(), [0, 0, 0]
    for by in range(rows):
        for bx in range(cols):
            r, g, b = _colour(path, bx, by, cols, rows)
            ycc = (0.299 * r + 0.587 * g + 0.114 * b,
                   128 - 0.168736 * r - 0.331264 * g + 0.5 * b,
                   128 + 0.5 * r - 0.418688 * g - 0.081312 * b)
            for c, value in enumerate(ycc):
                dc = int(round(8 * (min(max(value, 0), 255) - 128)))  # F(0,0) of a flat block, quantiser 1
                diff, pred[c] = dc - pred[c], dc
                size = abs(diff).bit_length()
                code, length = _DC[size]
                bits.put(code, length)
                if size:
                    bits.put(diff if diff > 0 else diff - 1, size)
                bits.put(*_EOB)
    frame = struct.pack(">BHHB", 8, height, width, 3) + b"".join(bytes([i, 0x11, 0]) for i in (1, 2, 3))
    scan = bytes([3]) + b"".join(bytes([i, 0x00]) for i in (1, 2, 3)) + bytes([0, 63, 0])
    return (b"\xff\xd8"
            + _segment(0xFFE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + _segment(0xFFDB, bytes([0]) + bytes([1]) * 64)
            + _segment(0xFFC0, frame)
            + _segment(0xFFC4, _dht(0x00, _DC_BITS, _DC_VALS) + _dht(0x10, _AC_BITS, _AC_VALS))
            + _segment(0xFFDA, scan)
            + bits.flush() + b"\xff\xd9")
