"""Reads remembered for the length of one request.

A page asks the same questions many times: which roles the user holds on a unit (once
per section, item and button), how the organisation's tree looked on a day. Inside
`request_scope()` (entered by `styra.web.middleware.RequestMemoMiddleware` for every
web and API request) `remembered(key, read)` reads once and answers again from memory;
outside a scope (the CLI, jobs, tests calling services) it simply reads, every time.

Any model saved or deleted during the request (or a many-to-many relation changed)
empties the memory (`forget`, connected to Django's model signals when this module is
imported), so a request that changes roles or the tree and then asks again reads the
new state. Only reads of tables that are never written in bulk (which sends no signals)
may be remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

_memory: ContextVar[dict[Hashable, Any] | None] = ContextVar("styra_request_memo", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Remember reads until the block ends."""
    token = _memory.set({})
    try:
        yield
    finally:
        _memory.reset(token)


def remembered(key: Hashable, read: Callable[[], T]) -> T:
    """`read()`, or what it gave for `key` earlier in this scope."""
    memory = _memory.get()
    if memory is None:
        return read()
    if key not in memory:
        memory[key] = read()
    value: T = memory[key]
    return value


def forget(*args: object, **kwargs: object) -> None:
    """Empty the scope's memory (a signal receiver: takes and ignores any arguments)."""
    memory = _memory.get()
    if memory is not None:
        memory.clear()


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget, dispatch_uid="styra.memo.forget")
