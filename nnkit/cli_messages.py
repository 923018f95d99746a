"""Error messages in the command line's words: ``--task regression`` where the Python API says ``task=``.

nnkit's checks raise errors written for the Python API (``prototype: ... Fix: use task='regression'.``);
the ``nnkit`` command shows the same sentences with its own command name and flags. Standard library only:
the command translates its errors before it has loaded anything heavy.
"""

from __future__ import annotations

import re
import shlex

# A Python value as nnkit's messages print it: a list, a tuple, a quoted string, or a bare word or number.
_VALUE = r"(\[[^\]]*\]|\([^)]*\)|'[^']*'|\"[^\"]*\"|[^\s,;)]+)"


def _items(value: str) -> list[str]:
    """The shell words for one printed Python value: ``['a', 'b']`` -> ``['a', 'b']`` (unquoted)."""
    if value[:1] in "[(":
        inner = [part.strip().strip("'\"") for part in value[1:-1].split(",")]
        return [part for part in inner if part]
    return [value.strip("'\"")]


def as_flags(message: str, command: str, flags: dict[str, str], where: tuple[str, ...] = ()) -> str:
    """``message`` with each ``name=value`` of ``flags`` written as the flag, and ``where:`` as ``command:``.

    A list given to a repeatable flag becomes the flag repeated; a tuple of widths becomes their
    comma-separated list (``--hidden 64,32``); "leave task out" becomes "leave --task out".

    Example:
        >>> flags = {"task": "--task", "drop": "--drop", "hidden": "--hidden"}
        >>> as_flags("prototype: use task='regression'.", "nnkit train", flags, where=("prototype",))
        'nnkit train: use --task regression.'
        >>> as_flags("drop it (drop=['year']) or hidden=(64, 32).", "nnkit train", flags)
        'drop it (--drop year) or --hidden 64,32.'
        >>> as_flags("Fix: use task='multiclass', or leave task out.", "nnkit train", flags)
        'Fix: use --task multiclass, or leave --task out.'
    """
    for name in where:
        message = re.sub(rf"^{re.escape(name)}:", f"{command}:", message)

    def spell(match: re.Match) -> str:
        flag, value = flags[match.group(1)], match.group(2)
        end = ""
        if value[:1] not in "[('\"" and value.endswith("."):  # a sentence's full stop, not the value's
            value, end = value[:-1], "."
        items = _items(value)
        if value[:1] == "(":
            return f"{flag} {','.join(items)}{end}"
        return " ".join(f"{flag} {shlex.quote(item)}" for item in items) + end

    names = "|".join(map(re.escape, sorted(flags, key=len, reverse=True)))
    message = re.sub(rf"\bleave ({names}) out\b", lambda match: f"leave {flags[match.group(1)]} out", message)
    return re.sub(rf"\b({names})={_VALUE}", spell, message)
