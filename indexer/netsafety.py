"""Where the crawler may go: http(s) only, the source's own hosts, public addresses only.

Every URL is checked before it is requested, redirect targets included, so a listing page or
a redirect cannot send the crawler to another site, a file on disk, or a service inside the
operator's network (a router page, a cloud metadata address). Private and local addresses are
refused unless the operator lists them (tests allow 127.0.0.1).
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable
from urllib.parse import SplitResult, urlsplit

from disclosure_search.errors import FetchError

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolver = Callable[[str, int], list[str]]

SCHEMES = ("http", "https")


class UnsafeURLError(FetchError):
    """A URL the crawler must not request: another scheme, another host, a private address."""


def parse_networks(entries: Iterable[str]) -> tuple[IPNetwork, ...]:
    """Addresses or networks ("127.0.0.1", "10.0.0.0/8") as networks; bad entries raise."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise UnsafeURLError(
                f"not an address or network in DISCLOSURE_SEARCH_ALLOW_PRIVATE: {entry!r}"
            ) from None
    return tuple(networks)


def check_url(url: str, hosts: Iterable[str]) -> SplitResult:
    """The split URL if its scheme is http(s) and its host is one of `hosts`, else raise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in SCHEMES:
        raise UnsafeURLError(f"refused {url}: only http and https URLs are fetched")
    host = (parts.hostname or "").lower()
    if not host:
        raise UnsafeURLError(f"refused {url}: no host")
    if host not in {h.lower() for h in hosts}:
        raise UnsafeURLError(f"refused {url}: {host} is not one of this source's hosts")
    try:
        parts.port  # noqa: B018 - a malformed port raises here, not later mid-request
    except ValueError:
        raise UnsafeURLError(f"refused {url}: bad port") from None
    return parts


def is_forbidden(address: IPAddress, allowed: Iterable[IPNetwork] = ()) -> bool:
    """True for private, loopback, link-local, reserved or multicast addresses not allowed."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped  # ::ffff:10.0.0.1 is 10.0.0.1
    if any(address in network for network in allowed):
        return False
    return not address.is_global or address.is_multicast


def resolve(host: str, port: int) -> list[str]:
    """Every address `host` resolves to (I/O: asks the system resolver)."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from None
    return [str(info[4][0]) for info in infos]


def check_address(
    parts: SplitResult, allowed: Iterable[IPNetwork] = (), resolver: Resolver = resolve
) -> None:
    """Raise unless every address the URL's host resolves to may be fetched.

    All addresses are checked, not just the first, because the connection may use any.
    """
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    allowed = tuple(allowed)
    for text in resolver(host, port):
        address = ipaddress.ip_address(text.split("%", 1)[0])  # drop an IPv6 zone id
        if is_forbidden(address, allowed):
            raise UnsafeURLError(
                f"refused {parts.geturl()}: {host} is at {address}, a private or local address"
                " (allow it with DISCLOSURE_SEARCH_ALLOW_PRIVATE if this is intended)"
            )
