"""Education materials accept PDF, images and audio (recognised in wsr.core.files), up to 25 MB."""

from wsr.core.files import FileType, sniff

MAX_FILE_BYTES = 25 * 1024 * 1024

__all__ = ["MAX_FILE_BYTES", "FileType", "sniff"]
