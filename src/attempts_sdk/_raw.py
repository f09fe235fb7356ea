"""``client.with_raw_response``: the client's own methods, returning `APIResponse` instead of
the model.

Nothing is written twice: a provider declares its raw view as one line per method,
``get_attempt = RawMethod(TestpressClient.get_attempt)``. At run time the line calls the
client's method itself, on a copy of the client in raw mode, whose ``_call`` (the one place
every single-record call goes through) returns the `APIResponse` it would otherwise decode.
For type checkers the line carries the method's parameters (a ``ParamSpec``) and wraps its
return type: mypy and pyright see ``APIResponse[Attempt]`` where the method returns ``Attempt``.
"""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, Concatenate, Generic, ParamSpec, TypeVar, cast, overload

from ._response import APIResponse

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["AsyncRawMethod", "RawMethod", "RawResponses"]

C = TypeVar("C")
T = TypeVar("T")
P = ParamSpec("P")


class RawResponses(Generic[C]):
    """Base of a client's ``with_raw_response`` view (and of its namespaces', such as
    ``admin``): holds the client (or namespace) in raw mode that its methods run on."""

    def __init__(self, target: C) -> None:
        self._target = target

    def __repr__(self) -> str:
        return f"<raw responses of {self._target!r}>"


class RawMethod(Generic[C, P, T]):
    """A method of a sync client's raw view: the client's ``method``, returning
    ``APIResponse[T]`` where ``method`` returns ``T``."""

    def __init__(self, method: Callable[Concatenate[C, P], T]) -> None:
        self.method = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(self, view: RawResponses[C], owner: type[Any]) -> Callable[P, APIResponse[T]]: ...

    def __get__(
        self, view: RawResponses[C] | None, owner: type[Any]
    ) -> Self | Callable[P, APIResponse[T]]:
        if view is None:
            return self
        method, target = self.method, view._target

        @functools.wraps(method)
        def call(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
            # the target is in raw mode: the method gives its APIResponse
            return cast("APIResponse[T]", method(target, *args, **kwargs))

        return call


class AsyncRawMethod(Generic[C, P, T]):
    """A method of an async client's raw view: the coroutine ``method``, giving
    ``APIResponse[T]`` where ``method`` gives ``T``."""

    def __init__(self, method: Callable[Concatenate[C, P], Coroutine[Any, Any, T]]) -> None:
        self.method = method
        self.__doc__ = method.__doc__

    @overload
    def __get__(self, view: None, owner: type[Any]) -> Self: ...

    @overload
    def __get__(
        self, view: RawResponses[C], owner: type[Any]
    ) -> Callable[P, Awaitable[APIResponse[T]]]: ...

    def __get__(
        self, view: RawResponses[C] | None, owner: type[Any]
    ) -> Self | Callable[P, Awaitable[APIResponse[T]]]:
        if view is None:
            return self
        method, target = self.method, view._target

        @functools.wraps(method)
        async def call(*args: P.args, **kwargs: P.kwargs) -> APIResponse[T]:
            # the target is in raw mode: the method gives its APIResponse
            return cast("APIResponse[T]", await method(target, *args, **kwargs))

        return call
