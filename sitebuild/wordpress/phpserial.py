"""A reader of PHP-serialized values (`serialize()`), as WordPress stores term descriptions and post meta.

Only what `unserialize()` would read back from plain data: null, booleans, integers, floats, strings
(lengths in bytes of UTF-8) and arrays. Objects are refused: an export has no business holding them.
"""

from __future__ import annotations

import re

_NUMBER = re.compile(rb"-?[0-9]+(?:\.[0-9]*)?(?:[eE][+-]?[0-9]+)?|-?INF|NAN")


class PHPSerialError(ValueError):
    """The text is not PHP-serialized data this reader understands."""


def loads(text: str | bytes) -> object:
    """The value of PHP-serialized `text`: arrays become dicts (keys int or str), strings str."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    value, end = _read(data, 0)
    if end != len(data):
        raise PHPSerialError(f"unexpected data after the value at byte {end}")
    return value


def is_serialized(text: str) -> bool:
    """Whether `text` looks like a serialized value (as WordPress's `is_serialized()` decides)."""
    text = text.strip()
    return bool(re.match(r"^(?:N;|b:[01];|i:-?\d+;|d:[^;]+;|s:\d+:\".*\";|a:\d+:\{.*\})$", text, re.DOTALL))


def _expect(data: bytes, position: int, token: bytes) -> int:
    if data[position : position + len(token)] != token:
        found = data[position : position + len(token)].decode("utf-8", "replace")
        raise PHPSerialError(f"expected {token.decode()!r} at byte {position}, found {found!r}")
    return position + len(token)


def _until(data: bytes, position: int, stop: bytes) -> tuple[bytes, int]:
    end = data.find(stop, position)
    if end < 0:
        raise PHPSerialError(f"no {stop.decode()!r} after byte {position}")
    return data[position:end], end + len(stop)


def _read(data: bytes, position: int) -> tuple[object, int]:
    kind = data[position : position + 1]
    if kind == b"N":
        return None, _expect(data, position + 1, b";")
    position = _expect(data, position + 1, b":")
    if kind == b"b":
        raw, position = _until(data, position, b";")
        if raw not in (b"0", b"1"):
            raise PHPSerialError(f"boolean {raw!r} is neither 0 nor 1")
        return raw == b"1", position
    if kind == b"i":
        raw, position = _until(data, position, b";")
        try:
            return int(raw), position
        except ValueError:
            raise PHPSerialError(f"integer {raw!r} is not a number") from None
    if kind == b"d":
        raw, position = _until(data, position, b";")
        if not _NUMBER.fullmatch(raw):
            raise PHPSerialError(f"float {raw!r} is not a number")
        return float(raw.replace(b"INF", b"inf").replace(b"NAN", b"nan")), position
    if kind == b"s":
        raw, position = _until(data, position, b":")
        if not raw.isdigit():
            raise PHPSerialError(f"string length {raw!r} is not a number")
        length = int(raw)
        position = _expect(data, position, b'"')
        value = data[position : position + length]
        if len(value) != length:
            raise PHPSerialError(f"string of {length} bytes runs past the end")
        position = _expect(data, position + length, b'";')
        return value.decode("utf-8", "replace"), position
    if kind == b"a":
        raw, position = _until(data, position, b":")
        if not raw.isdigit():
            raise PHPSerialError(f"array size {raw!r} is not a number")
        position = _expect(data, position, b"{")
        result: dict = {}
        for _ in range(int(raw)):
            key, position = _read(data, position)
            if not isinstance(key, (int, str)):
                raise PHPSerialError(f"array key {key!r} is neither an integer nor a string")
            result[key], position = _read(data, position)
        return result, _expect(data, position, b"}")
    if kind in (b"O", b"C", b"r", b"R"):
        raise PHPSerialError(f"serialized PHP objects and references ({kind.decode()}:) are not read")
    raise PHPSerialError(f"unknown type {kind.decode('utf-8', 'replace')!r} at byte {position - 2}")
