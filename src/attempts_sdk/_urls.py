"""URL checks shared by the configuration, the redirects of the exchange and the next links of
pagination: which URLs count as the same origin, and which hosts are this machine."""

from __future__ import annotations

import ipaddress

import httpx

__all__ = ["is_loopback", "same_origin"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def same_origin(a: httpx.URL, b: httpx.URL) -> bool:
    """Same scheme, host and port (default ports made explicit)."""
    return (
        a.scheme == b.scheme
        and a.host == b.host
        and (a.port or _DEFAULT_PORTS.get(a.scheme)) == (b.port or _DEFAULT_PORTS.get(b.scheme))
    )


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this machine (``localhost``, ``*.localhost``, a loopback address):
    plain http there exposes no credential to the network."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
