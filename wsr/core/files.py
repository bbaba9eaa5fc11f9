"""What an uploaded file really is, judged by its first bytes (never by its name or the browser's
claim). No Django. One place for every upload check: agreements (PDF), audit evidence (images,
PDF), complaint evidence (images, PDF, audio), education materials (PDF, images, audio).

Recognised: PDF, images (PNG, JPEG, WebP) and audio (MP3, M4A, OGG). Anything else is None.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FileType:
    kind: str  # pdf | image | audio
    content_type: str
    extension: str


PDF = FileType("pdf", "application/pdf", "pdf")
PNG = FileType("image", "image/png", "png")
JPEG = FileType("image", "image/jpeg", "jpg")
WEBP = FileType("image", "image/webp", "webp")
MP3 = FileType("audio", "audio/mpeg", "mp3")
M4A = FileType("audio", "audio/mp4", "m4a")
OGG = FileType("audio", "audio/ogg", "ogg")

_M4A_BRANDS = (b"M4A ", b"M4B ", b"mp42", b"mp41", b"isom", b"iso2", b"dash")


def sniff(head: bytes) -> FileType | None:
    """The type of a file from its first bytes (16 are enough), or None if not an accepted type."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head.startswith(b"ID3"):
        return MP3
    if len(head) >= 2 and head[0] == 0xFF and (head[1] & 0xE0) == 0xE0 and (head[1] & 0x06) != 0:
        return MP3  # an MPEG audio frame header without ID3 tag (layer bits not "reserved")
    if head[4:8] == b"ftyp" and head[8:12] in _M4A_BRANDS:
        return M4A
    if head.startswith(b"OggS"):
        return OGG
    return None
