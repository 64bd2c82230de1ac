"""Runs localstripe (the Stripe API stand-in the tests use) on 127.0.0.1 over IPv4.

localstripe's own `localstripe` command binds an IPv6 socket on every interface, which fails on
machines without IPv6, and reloads its whole store from /tmp/localstripe.pickle at start: a pickle
left truncated by a process killed mid-write (it is rewritten on every change) stops it from
starting at all. The tests never need data from an earlier run, so this launcher starts empty
and keeps the store in memory only (which also spares a full re-pickle on every API write).

Usage: python scripts/localstripe_server.py --port 8420
"""

import argparse
import logging

from aiohttp import web
from localstripe import resources, server


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8420)
    args = parser.parse_args()

    resources.Store.dump_to_disk = lambda store: None

    access_log = logging.getLogger("aiohttp.access")
    access_log.setLevel(logging.DEBUG)
    access_log.addHandler(logging.StreamHandler())
    web.run_app(server.app, host=args.host, port=args.port, access_log=access_log)


if __name__ == "__main__":
    main()
