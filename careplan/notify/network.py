"""The network side of the push endpoint rule: a push never reaches the inside network.

A subscription's endpoint is an address the server posts to, chosen by whoever made the
subscription: without care it is a way to make the server reach machines inside its own
network. So an endpoint is accepted only if it is https and its host resolves to addresses on
the internet alone (`rules.public_address`), checked when the phone subscribes and again
every time a push is sent:

- `resolve_public` checks a host's addresses at subscription time;
- `push_session` is the HTTP client the worker sends with. Its resolver refuses a host
  that resolves to any address not on the internet, and the connection is made to the
  addresses it checked (so a name that changes its answer between a check and the connection
  gains nothing); a middleware checks the address of every request it makes, redirects
  included, against the same rule.

Hosts named in `CAREPLAN_PUSH_ALLOW_HOSTS` (a local push service of the tests or the demo,
refused at start-up elsewhere) are the only exception.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Iterable

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.client_middlewares import ClientHandlerType
from aiohttp.resolver import ThreadedResolver

from careplan.notify import rules


class HostNotFound(rules.SubscriptionRefused):
    """The endpoint's host has no address (now): not an attack, perhaps a passing fault."""


class InsideNetwork(OSError):
    """A push service's host resolves to an address that is not on the internet."""


def _literal(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


async def resolve_public(endpoint: rules.Endpoint) -> list[str]:
    """The endpoint's addresses, or SubscriptionRefused when any is not on the internet
    (HostNotFound when it has none). An allowed host is not resolved."""
    if endpoint.allowed or _literal(endpoint.host):
        return [endpoint.host]  # an address literal was checked by rules.check_endpoint
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(
            endpoint.host, endpoint.port, type=socket.SOCK_STREAM
        )
    except (socket.gaierror, UnicodeError) as error:
        raise HostNotFound("endpoint", "its push service cannot be found") from error
    addresses = sorted({str(info[4][0]) for info in infos})
    if not addresses:
        raise HostNotFound("endpoint", "its push service cannot be found")
    if not all(rules.public_address(address) for address in addresses):
        raise rules.SubscriptionRefused("endpoint", rules.INTERNET_ONLY)
    return addresses


class PublicOnlyResolver(AbstractResolver):
    """Resolves as usual, then refuses a host with any address not on the internet."""

    def __init__(self, allowed_hosts: Iterable[str]) -> None:
        self._inner = ThreadedResolver()
        self._allowed = tuple(allowed_hosts)

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        if rules.allowed_host(host, port, self._allowed):
            return results
        if not results or not all(rules.public_address(r["host"]) for r in results):
            raise InsideNetwork(f"{host} resolves inside the network")
        return results

    async def close(self) -> None:
        await self._inner.close()


def _guard(allowed_hosts: tuple[str, ...]):
    async def guard(request: aiohttp.ClientRequest, handler: ClientHandlerType):
        # Every request, a redirect's too: an address literal never reaches the resolver.
        rules.check_endpoint(str(request.url), allowed_hosts)
        return await handler(request)

    return guard


def push_session(allowed_hosts: Iterable[str], timeout: float) -> aiohttp.ClientSession:
    """The HTTP client pushes are sent with (see the module's docstring). No proxy from the
    environment: the connection goes to the addresses checked."""
    allowed = tuple(allowed_hosts)
    return aiohttp.ClientSession(
        timeout=aiohttp.ClientTimeout(total=timeout),
        connector=aiohttp.TCPConnector(resolver=PublicOnlyResolver(allowed)),
        middlewares=(_guard(allowed),),
        trust_env=False,
    )


def refused_reason(error: BaseException) -> str | None:
    """Why a send was refused by the endpoint rule, or None when it failed for another reason
    (a push service that did not answer, a host not found)."""
    if isinstance(error, HostNotFound):
        return None
    if isinstance(error, rules.SubscriptionRefused):
        return error.message
    if isinstance(error, aiohttp.ClientConnectorError) and isinstance(
        error.os_error, InsideNetwork
    ):
        return rules.INTERNET_ONLY
    return None
