"""Reads remembered for the length of one request.

A page asks the same questions many times: which roles the user holds on a unit (once
per section, item and button), how the organisation's tree looked on a day. Inside
`request_scope()` (entered by `styra.web.middleware.RequestMemoMiddleware` for every
web and API request) `remembered(key, read)` reads once and answers again from memory;
outside a scope (the CLI, jobs, tests calling services) it simply reads, every time.

A model saved or deleted during the request forgets what was read from it (`forget`,
connected to Django's model signals when this module is imported), so a request that
changes roles or the tree and then asks again reads the new state. A read names the
models it comes from (`depends_on`, as "app_label.Model"); one that names none is
forgotten on any write, and any many-to-many change forgets everything. Only reads of
tables that are never written in bulk (which sends no signals) may be remembered.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.db.models.signals import m2m_changed, post_delete, post_save

T = TypeVar("T")

#: key -> (what the read gave, the models it depends on; None: any model)
_Memory = dict[Hashable, tuple[Any, frozenset[str] | None]]
_memory: ContextVar[_Memory | None] = ContextVar("styra_request_memo", default=None)


@contextmanager
def request_scope() -> Iterator[None]:
    """Remember reads until the block ends."""
    token = _memory.set({})
    try:
        yield
    finally:
        _memory.reset(token)


def active() -> bool:
    """Whether reads are remembered here (inside `request_scope()`): a read that is cheap
    alone but costly in a loop can then take its answer from a larger remembered read."""
    return _memory.get() is not None


def remembered(
    key: Hashable, read: Callable[[], T], *, depends_on: Iterable[str] | None = None
) -> T:
    """`read()`, or what it gave for `key` earlier in this scope. `depends_on` names the
    models ("app_label.Model") the read comes from: a write to another keeps it."""
    memory = _memory.get()
    if memory is None:
        return read()
    if key not in memory:
        memory[key] = (read(), None if depends_on is None else frozenset(depends_on))
    value: T = memory[key][0]
    return value


def forget(sender: object = None, **kwargs: object) -> None:
    """Forget what was read from `sender` (a model class), and every read that names no
    models; with no model, or a many-to-many change, everything (a signal receiver)."""
    memory = _memory.get()
    if memory is None:
        return
    label = getattr(getattr(sender, "_meta", None), "label", None)
    if label is None or kwargs.get("signal") is m2m_changed:
        memory.clear()
        return
    for key in [k for k, (_, models) in memory.items() if models is None or label in models]:
        del memory[key]


for _signal in (post_save, post_delete, m2m_changed):
    _signal.connect(forget, dispatch_uid="styra.memo.forget")
