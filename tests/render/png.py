"""A minimal PNG reader for the browser tests: 8-bit RGB or RGBA, non-interlaced (what
Chromium's screenshots and pdftoppm write), decoded with zlib alone."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import numpy as np


def read_png(path: Path) -> tuple[int, int, list[bytes], int]:
    """Return (width, height, rows, bytes per pixel) of a PNG file; each row holds the raw
    pixel bytes after undoing the scanline filters."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    pos, idat = 8, b""
    width = height = bpp = 0
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour)
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * bpp
    rows: list[bytes] = []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = line[i - bpp] if i >= bpp else 0
            up = previous[i]
            corner = previous[i - bpp] if i >= bpp else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        previous = line
    return width, height, rows, bpp


def pixel(image: tuple[int, int, list[bytes], int], x: int, y: int) -> str:
    """Return the colour of a pixel as #rrggbb."""
    _, _, rows, bpp = image
    r, g, b = rows[y][x * bpp : x * bpp + 3]
    return f"#{r:02x}{g:02x}{b:02x}"


def read_ppm(path: Path) -> np.ndarray:
    """Return the pixels of a binary PPM file (P6, 8 bit, what pdftoppm writes) as an array
    of height × width × 3 bytes."""
    data = path.read_bytes()
    fields = data.split(maxsplit=4)
    assert fields[0] == b"P6" and fields[3] == b"255", f"{path} is not an 8-bit P6 PPM"
    width, height = int(fields[1]), int(fields[2])
    pixels = np.frombuffer(data[len(data) - width * height * 3 :], dtype=np.uint8)
    return pixels.reshape(height, width, 3)


def colours(pixels: np.ndarray) -> np.ndarray:
    """Return each pixel of an RGB array as one integer 0xRRGGBB."""
    rgb = pixels.astype(np.int64)
    return (rgb[..., 0] << 16) | (rgb[..., 1] << 8) | rgb[..., 2]
