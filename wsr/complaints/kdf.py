"""The case secret's Argon2id work on a worker thread, so a request does its other work meanwhile.

argon2-cffi releases the GIL while it hashes, so a hash or verification started here runs on
another core while the request thread reads the database, checks the input and encrypts. The
caller joins (``Future.result()``) before it needs the answer; an exception raised by the KDF
(a missing pepper, say) is raised again there, in the request thread, as if it had been called
directly. The thread touches no database connection and no request state: only the secret, the
stored hash and the pepper from the settings.

The pool is shared by every request of the process and sized to the CPU count: more threads would
only make the hashes slower, not more numerous. A task waits in the queue when all are busy.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_POOL = ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2), thread_name_prefix="wsr-kdf")


def soon(kdf: Callable[..., T], *args: Any) -> Future[T]:
    """``kdf(*args)`` started now on the pool (``hash_secret`` or ``verify_secret`` of
    ``wsr.complaints.case_codes``, passed by the caller so it stays the caller's to replace)."""
    return _POOL.submit(kdf, *args)
