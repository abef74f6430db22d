"""The check `serve` and `demo` make before they start: is the address free to listen on?"""

from __future__ import annotations

import errno
import socket

import click


def check_port_free(host: str, port: int) -> None:
    """Return if `host:port` can be listened on; else a ClickException naming the port and fix.

    Checked before anything is printed or indexed, so a busy port ends in one clear line
    instead of "Serving ..." followed by the server's "Address already in use".
    """
    if not 1 <= port <= 65535:  # getaddrinfo would quietly wrap 70000 round to 4464
        raise click.ClickException(f"Port {port} is not a port: choose --port from 1 to 65535.")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except (socket.gaierror, UnicodeError, OverflowError) as error:
        raise click.ClickException(
            f"Cannot serve on {host}:{port}: {error}; give a valid --host and --port."
        ) from error
    with socket.socket(family, kind, proto) as probe:
        # The server sets SO_REUSEADDR too: a port left in TIME_WAIT is free for it, not busy.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"Port {port} on {host} is already in use: stop what is using it, "
                    f"or choose another port with --port (e.g. --port {port + 1})."
                ) from error
            raise click.ClickException(
                f"Cannot serve on {host}:{port}: {error.strerror}; "
                "choose another --port (above 1023) or --host."
            ) from error
