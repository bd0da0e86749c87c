"""Documents the validator must convert rather than read in place (tests of both paths)."""

from __future__ import annotations

from typing import Any


class SubDict(dict):  # type: ignore[type-arg]
    pass


class SubList(list):  # type: ignore[type-arg]
    pass


class SubStr(str):
    pass


class SubInt(int):
    pass


class SubFloat(float):
    pass


def converted(value: Any) -> Any:
    """``value`` with a subclass at the root: never read in place, always converted."""
    for plain, sub in (
        (dict, SubDict),
        (list, SubList),
        (str, SubStr),
        (int, SubInt),
        (float, SubFloat),
    ):
        if type(value) is plain:
            return sub(value)
    return value  # None and bool: read the same either way
