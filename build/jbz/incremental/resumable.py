"""SHA-256 that can be saved part way and resumed: a CSV spliced after one
letter changed keeps the bytes before that letter, so its new checksum goes
on from the state the last build saved at or before that place instead of
reading the whole file again (some 370 MB at 2,000 letters).

`hashlib` cannot hand out its state; OpenSSL's own SHA-256 (libcrypto, the
library `hashlib` uses) keeps it in a plain struct that can be copied. When
that library or its SHA-256 functions are missing, or a copied state does not
give hashlib's answer on a test, `Sha256.saved()` is None and callers hash
from the start (as before).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib

CTX_BYTES = 112  # OpenSSL's SHA256_CTX: h[8], Nl, Nh, data[16], num, md_len (32-bit each)
_BUFFER = 256  # room to spare should the struct ever grow (then the self-test fails, see _check)


def _load():
    try:
        name = ctypes.util.find_library("crypto")
        lib = ctypes.CDLL(name) if name else None
        if lib is None:
            return None
        for fn in (lib.SHA256_Init, lib.SHA256_Update, lib.SHA256_Final):
            fn.restype = ctypes.c_int
        lib.SHA256_Update.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_size_t)
        return lib
    except (OSError, AttributeError):
        return None


_LIB = _load()


class Sha256:
    """hashlib.sha256's update/hexdigest, plus `saved()` (the state as bytes,
    or None when states cannot be saved) and `Sha256(saved)` to resume."""

    def __init__(self, saved: bytes | None = None):
        self._lib = _LIB if _USABLE else None
        if self._lib is None:
            if saved is not None:
                raise ValueError("SHA-256 states cannot be resumed here")
            self._h = hashlib.sha256()
            return
        self._ctx = ctypes.create_string_buffer(_BUFFER)
        if saved is None:
            self._lib.SHA256_Init(self._ctx)
        else:
            if len(saved) != CTX_BYTES:
                raise ValueError("not a saved SHA-256 state")
            ctypes.memmove(self._ctx, saved, CTX_BYTES)

    def update(self, data) -> None:
        if self._lib is None:
            self._h.update(data)
            return
        if not isinstance(data, bytes):
            data = bytes(data)
        self._lib.SHA256_Update(self._ctx, data, len(data))

    def saved(self) -> bytes | None:
        return None if self._lib is None else self._ctx.raw[:CTX_BYTES]

    def hexdigest(self) -> str:
        if self._lib is None:
            return self._h.hexdigest()
        ctx = ctypes.create_string_buffer(self._ctx.raw, _BUFFER)  # Final spoils the state it is given
        out = ctypes.create_string_buffer(32)
        self._lib.SHA256_Final(out, ctx)
        return out.raw.hex()


def _check() -> bool:
    """A state saved part way, resumed in a fresh buffer, gives hashlib's digest."""
    if _LIB is None:
        return False
    try:
        data = bytes(range(256)) * 41 + b"tail"
        for cut in (0, 1, 63, 64, 65, 5000, len(data)):
            h = Sha256.__new__(Sha256)
            h._lib, h._ctx = _LIB, ctypes.create_string_buffer(_BUFFER)
            _LIB.SHA256_Init(h._ctx)
            h.update(data[:cut])
            again = Sha256.__new__(Sha256)
            again._lib, again._ctx = _LIB, ctypes.create_string_buffer(_BUFFER)
            ctypes.memmove(again._ctx, h.saved(), CTX_BYTES)
            again.update(data[cut:])
            if again.hexdigest() != hashlib.sha256(data).hexdigest():
                return False
        return True
    except (OSError, AttributeError, ValueError, TypeError):
        return False


_USABLE = _check()
