"""Reading a YAML file within limits: every YAML reader of Styra goes through here first.

Plan files, report templates and row sets are YAML. YAML has features that cost far
more than the file's size: an alias (`*a`) repeats everything its anchor (`&a`)
holds, so a 500-byte file of nested aliases expands to billions of nodes (the "billion
laughs"); deep nesting makes a recursive loader end in a RecursionError; and the
round-trip loader takes time that grows faster than the file (long runs of comment
lines). `read_yaml_text` refuses a file larger than `limits.YAML_MAX_FILE_BYTES`;
`check_yaml` walks the parser's events once — without building anything — and
refuses a document nested deeper than `limits.YAML_MAX_DEPTH`, with more than
`limits.YAML_MAX_ALIASES` aliases or more than `limits.YAML_MAX_NODES` nodes once
aliases are expanded. Both raise `YamlLimitError` with the line and a Swedish
message; each reader turns it into its own error type.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.utils.translation import gettext as _
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    ScalarEvent,
)

from . import limits

SURROGATE = re.compile("[\ud800-\udfff]")


class YamlLimitError(ValueError):
    """A YAML file past one of the limits; `line` is 1-based (None: the whole file)."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


def check_size(size: int) -> None:
    if size > limits.YAML_MAX_FILE_BYTES:
        raise YamlLimitError(
            _("filen är %(size)s kB; högst %(maximum)s kB kan läsas in")
            % {"size": size // 1024, "maximum": limits.YAML_MAX_FILE_BYTES // 1024}
        )


def read_yaml_text(path: Path | str) -> str:
    """The text of the YAML file at `path` (UTF-8), refused past the size limit.

    Raises OSError and UnicodeDecodeError as `Path.read_text` does.
    """
    path = Path(path)
    check_size(path.stat().st_size)
    with path.open("rb") as handle:
        data = handle.read(limits.YAML_MAX_FILE_BYTES + 1)
    check_size(len(data))  # the file may have grown since stat()
    return data.decode("utf-8")


def check_yaml(text: str) -> None:
    """Refuse `text` if it is too large, too deep or expands too far (module doc).

    A syntax error ends the check quietly: the loader that follows reports it with its
    own message, having parsed no further than this check did.
    """
    # A lone surrogate (from text decoded with errors="surrogateescape", or typed into a
    # string) is no character at all: no file can hold it and nothing can encode it.
    surrogate = SURROGATE.search(text)
    if surrogate:
        raise YamlLimitError(
            _("Tecknet U+%(code)04X får inte finnas i en YAML-fil.")
            % {"code": ord(surrogate.group())},
            text.count("\n", 0, surrogate.start()) + 1,
        )
    check_size(len(text.encode("utf-8")))
    open_anchors: list[str | None] = []  # the anchor of each open mapping or list
    open_nodes: list[int] = []  # and the nodes it holds so far
    anchors: dict[str, int] = {}  # anchor -> nodes it stands for
    documents = 0  # nodes of the documents read so far
    aliases = 0

    def add(nodes: int, line: int | None) -> None:
        nonlocal documents
        if open_nodes:
            open_nodes[-1] += nodes
            total = open_nodes[-1]
        else:
            documents += nodes
            total = documents
        if total > limits.YAML_MAX_NODES:
            raise YamlLimitError(
                _("filen blir mer än %(maximum)s noder när alias (*namn) har ersatts")
                % {"maximum": limits.YAML_MAX_NODES},
                line,
            )

    try:
        for event in YAML(typ="safe", pure=True).parse(text):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, CollectionStartEvent):
                open_anchors.append(event.anchor)
                open_nodes.append(1)
                if len(open_nodes) > limits.YAML_MAX_DEPTH:
                    raise YamlLimitError(
                        _("filen är nästlad djupare än %(maximum)s nivåer")
                        % {"maximum": limits.YAML_MAX_DEPTH},
                        line,
                    )
            elif isinstance(event, CollectionEndEvent):
                anchor, nodes = open_anchors.pop(), open_nodes.pop()
                if anchor:
                    anchors[anchor] = nodes
                add(nodes, line)
            elif isinstance(event, ScalarEvent):
                if event.anchor:
                    anchors[event.anchor] = 1
                add(1, line)
            elif isinstance(event, AliasEvent):
                aliases += 1
                if aliases > limits.YAML_MAX_ALIASES:
                    raise YamlLimitError(
                        _("filen har fler än %(maximum)s alias (*namn)")
                        % {"maximum": limits.YAML_MAX_ALIASES},
                        line,
                    )
                add(anchors.get(event.anchor, 1), line)
    except YAMLError:
        return
