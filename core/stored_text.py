"""Text stored before it was stored as a kind and parameters: recognised by the template that
wrote it, so that it too can be shown in the reader's language. A record that is final (a
published list, a bulletin) is never rewritten; its stored text is read this way instead."""

from __future__ import annotations

import re

_PLACEHOLDER = re.compile(r"%\((\w+)\)([sd])")


def pattern(template: str) -> re.Pattern:
    """The regular expression matching what ``template % params`` wrote: each ``%(name)s`` a
    group ``name`` (``%(name)d`` digits only)."""
    parts, position = [], 0
    for found in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : found.start()]))
        parts.append(f"(?P<{found.group(1)}>-?\\d+)" if found.group(2) == "d" else f"(?P<{found.group(1)}>.*?)")
        position = found.end()
    parts.append(re.escape(template[position:]))
    return re.compile("^" + "".join(parts) + "$", re.S)


def integers(template: str) -> set[str]:
    return {name for name, kind in _PLACEHOLDER.findall(template) if kind == "d"}


def recogniser(templates: dict[str, list[str]]):
    """``recognise(text)`` → ``(kind, params)`` of the first template (of any language) that wrote
    ``text``, or None; ``%(name)d`` parameters come back as numbers."""
    compiled = [(kind, pattern(t), integers(t)) for kind, written in templates.items() for t in written]

    def recognise(text: str):
        for kind, regex, numbers in compiled:
            found = regex.match(text or "")
            if found:
                params = found.groupdict()
                return kind, {k: int(v) if k in numbers else v for k, v in params.items()}
        return None

    return recognise
