#!/usr/bin/env python3
"""Draws Kariz's app icons (a funnel of three bars on the brand blue) as PNGs, with no image
library: run once when the design changes; the PNGs are committed under public/."""
import struct, zlib, sys

BG = (0x1F, 0x3A, 0x5F)
BARS = [(0xF5, 0xB0, 0x41), (0xF7, 0xC8, 0x6E), (0xFB, 0xE3, 0xB0)]

def pixel(x, y, n):
    # Three centred bars, narrower downwards, inside the maskable safe zone (the middle 60%).
    u, v = x / n, y / n
    for i, colour in enumerate(BARS):
        top = 0.28 + i * 0.16
        half = 0.30 - i * 0.09
        if top <= v < top + 0.12 and abs(u - 0.5) <= half:
            return colour
    return BG

def png(n, path):
    raw = b"".join(b"\x00" + bytes(c for x in range(n) for c in pixel(x, y, n)) for y in range(n))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    body = chunk(b"IHDR", struct.pack(">IIBBBBB", n, n, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b"")
    open(path, "wb").write(b"\x89PNG\r\n\x1a\n" + body)

out = sys.argv[1] if len(sys.argv) > 1 else "public"
for n in (192, 512):
    png(n, f"{out}/icon-{n}.png")
