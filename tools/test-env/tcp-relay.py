#!/usr/bin/python3
"""Joins stdin/stdout to a TCP server on 127.0.0.1: QEMU's user network runs it once per guest connection
(guestfwd=tcp:ADDR:PORT-cmd:tcp-relay.py HOSTPORT), so that a guest on an isolated (restrict=on) network reaches
one server of the host, and nothing else."""
import os
import socket
import sys
import threading

server = socket.create_connection(("127.0.0.1", int(sys.argv[1])))


def upstream():
    while True:
        data = os.read(0, 65536)
        if not data:
            server.shutdown(socket.SHUT_WR)
            return
        server.sendall(data)


threading.Thread(target=upstream, daemon=True).start()
while True:
    data = server.recv(65536)
    if not data:
        break
    os.write(1, data)
