"""The channel-format registry: a format registers itself under its channel code."""

from __future__ import annotations

_FORMATS: dict = {}


class UnknownFormat(LookupError):
    pass


def register(cls):
    """Class decorator: make one instance of the format available under cls.code."""
    _FORMATS[cls.code] = cls()
    return cls


def get_format(code: str):
    try:
        return _FORMATS[code]
    except KeyError:
        raise UnknownFormat(code) from None


def codes() -> list[str]:
    return sorted(_FORMATS)
