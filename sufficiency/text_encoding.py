"""Decode text files that come as UTF-8 (with or without a byte order mark) or Windows-1252,
and refuse a file that mixes the two.

Windows-1252 is the fallback for bytes that are not UTF-8, but a file can also be UTF-8
throughout except for a few bytes pasted in from elsewhere. Decoding such a file as
Windows-1252 would turn every UTF-8 character into two or three wrong ones (``’`` becomes
``â€™``) and the error would blame a label far from the real fault. A file saved as
Windows-1252 practically never holds a valid multi-byte UTF-8 sequence, so a file that has
both such a sequence and a byte that is not UTF-8 is refused as a mix, naming the line of
the stray byte.
"""

from __future__ import annotations

import re

UTF8, UTF8_BOM, CP1252 = "utf-8", "utf-8-sig", "cp1252"
#: A valid multi-byte UTF-8 sequence (2 to 4 bytes, no overlong forms or surrogates).
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}|\xed[\x80-\x9f][\x80-\xbf]"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


class EncodingProblem(ValueError):
    """Why bytes could not be decoded: ``kind`` is "mixed" (UTF-8 text with a stray byte) or
    "not text"; ``line`` is the 1-based line of the first byte that is not UTF-8."""

    def __init__(self, kind: str, line: int, byte: int, utf8_line: int | None = None, bom: bool = False):
        self.kind, self.line, self.byte, self.utf8_line, self.bom = kind, line, byte, utf8_line, bom
        super().__init__(str(self))

    def __str__(self) -> str:
        return self.describe(with_line=True)

    def describe(self, *, with_line: bool) -> str:
        """The problem in words, naming the line of the byte or not (when the caller does)."""
        byte = f"byte 0x{self.byte:02X}" + (f" on line {self.line}" if with_line else "")
        if self.kind == "mixed":
            as_cp1252 = bytes([self.byte]).decode(CP1252, errors="replace")
            utf8 = "the file starts with a UTF-8 byte order mark" if self.bom else f"line {self.utf8_line} holds UTF-8 text"
            return (f"{byte} is not UTF-8 (it would be '{as_cp1252}' in Windows-1252), but {utf8}: "
                    "the file mixes two encodings")
        return f"{byte} is neither UTF-8 nor Windows-1252 text"


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_text(data: bytes) -> tuple[str, str]:
    """``(text, encoding)`` of ``data``: UTF-8 (``utf-8`` or ``utf-8-sig``) or Windows-1252.

    Raises :class:`EncodingProblem` for a mix of UTF-8 and other bytes, or for bytes that
    are text in neither encoding.
    """
    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    try:
        return body.decode(UTF8), (UTF8_BOM if body is not data else UTF8)
    except UnicodeDecodeError as err:
        stray = err.start + (len(data) - len(body))
    try:
        bytes([data[stray]]).decode(CP1252)
    except UnicodeDecodeError:
        raise EncodingProblem("not text", _line_of(data, stray), data[stray]) from None
    bom = body is not data
    utf8 = None if bom else _UTF8_MULTIBYTE.search(data)
    if bom or utf8 is not None:
        raise EncodingProblem("mixed", _line_of(data, stray), data[stray],
                              None if bom else _line_of(data, utf8.start()), bom=bom)
    try:
        return data.decode(CP1252), CP1252
    except UnicodeDecodeError as err:
        raise EncodingProblem("not text", _line_of(data, err.start), data[err.start]) from None
