#!/usr/bin/env python3
"""Wayfarer's admin tool: raise an event, work the clock or follow the world from a terminal.

It speaks the server's TCP event-bus bridge (off by default: README, "Tools"), with the Python 3
standard library only. Each frame is a 4-byte big-endian length and a JSON object:

  {"type": "send", "address": ..., "headers": {"token": ...}, "body": {...}, "replyAddress": ...}
  {"type": "register", "address": ..., "headers": {"token": ...}}
  {"type": "ping"}

and the server answers {"type": "message", "address": <replyAddress or the address heard>,
"body": ...}, {"type": "err", "message": ..., "failureCode"?: ...} or {"type": "pong"}.

The token comes from --token or the WAYFARER_TOOL_TOKEN variable (never on a shared command line).

  wayfarer-admin.py raise festival redhaven --hours 12 --text "Lanterns on the river"
  wayfarer-admin.py end 42
  wayfarer-admin.py clock pause | resume | scale 30 | advance 60
  wayfarer-admin.py time
  wayfarer-admin.py events
  wayfarer-admin.py follow [world.events ...] [--count N]
"""

import argparse
import json
import os
import socket
import struct
import sys
import uuid


class BridgeError(Exception):
    pass


class Bridge:
    def __init__(self, host, port, token, timeout):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.token = token

    def write(self, frame):
        if self.token:
            frame["headers"] = {"token": self.token}
        data = json.dumps(frame).encode("utf-8")
        self.sock.sendall(struct.pack(">I", len(data)) + data)

    def _exactly(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise BridgeError("the server closed the connection")
            out += chunk
        return out

    def read(self):
        (length,) = struct.unpack(">I", self._exactly(4))
        return json.loads(self._exactly(length).decode("utf-8"))

    def request(self, address, body):
        reply = "tool." + uuid.uuid4().hex
        self.write({"type": "send", "address": address, "body": body, "replyAddress": reply})
        while True:
            frame = self.read()
            if frame.get("type") == "err":
                code = frame.get("failureCode")
                raise BridgeError(f"{code}: {frame.get('message')}" if code else frame.get("message"))
            if frame.get("type") == "message" and frame.get("address") == reply:
                return frame.get("body")

    def follow(self, addresses, count):
        for address in addresses:
            self.write({"type": "register", "address": address})
        # A ping answered means every register before it was taken (or refused with an err first).
        self.write({"type": "ping"})
        heard = 0
        self.sock.settimeout(None)
        while count is None or heard < count:
            frame = self.read()
            kind = frame.get("type")
            if kind == "err":
                raise BridgeError(frame.get("message"))
            if kind == "pong":
                print("listening to " + ", ".join(addresses), file=sys.stderr, flush=True)
            elif kind == "message":
                print(json.dumps({"address": frame.get("address"), "body": frame.get("body")}), flush=True)
                heard += 1


def main(argv=None):
    parser = argparse.ArgumentParser(description="Wayfarer's admin tool over the TCP event-bus bridge")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=7001)
    parser.add_argument("--token", default=os.environ.get("WAYFARER_TOOL_TOKEN", ""))
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer")
    commands = parser.add_subparsers(dest="command", required=True)

    raise_ = commands.add_parser("raise", help="raise a world event (admin token)")
    raise_.add_argument("type")
    raise_.add_argument("town")
    raise_.add_argument("--severity", type=int)
    raise_.add_argument("--hours", type=int)
    raise_.add_argument("--text")

    end = commands.add_parser("end", help="end a world event in force now (admin token)")
    end.add_argument("id", type=int)

    clock = commands.add_parser("clock", help="pause, resume, scale or advance the clock (admin token)")
    clock.add_argument("action", choices=["pause", "resume", "scale", "advance"])
    clock.add_argument("value", nargs="?", type=float,
                       help="scale: real seconds a game hour takes; advance: game minutes")

    commands.add_parser("time", help="the world's time")
    commands.add_parser("events", help="the events in force and the recent ones")

    follow = commands.add_parser("follow", help="print what public addresses carry, one JSON per line")
    follow.add_argument("addresses", nargs="*", default=["world.events"])
    follow.add_argument("--count", type=int, help="stop after this many messages")

    args = parser.parse_args(argv)
    try:
        bridge = Bridge(args.host, args.port, args.token, args.timeout)
        if args.command == "follow":
            bridge.follow(args.addresses, args.count)
            return 0
        if args.command == "raise":
            body = {"type": args.type, "town": args.town}
            for key in ("severity", "hours", "text"):
                if getattr(args, key) is not None:
                    body[key] = getattr(args, key)
            answer = bridge.request("admin.events.raise", body)
        elif args.command == "end":
            answer = bridge.request("admin.events.end", {"id": args.id})
        elif args.command == "clock":
            body = {}
            if args.action in ("scale", "advance"):
                if args.value is None:
                    parser.error(f"clock {args.action} needs a value")
                body = {"secondsPerGameHour": args.value} if args.action == "scale" else {"minutes": int(args.value)}
            answer = bridge.request("admin.clock." + args.action, body)
        elif args.command == "time":
            answer = bridge.request("clock.now", {})
        else:
            answer = bridge.request("events.list", {})
        print(json.dumps(answer, indent=2))
        return 0
    except (BridgeError, OSError) as e:
        print(f"wayfarer-admin: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
