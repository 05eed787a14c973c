"""The test receiver itself: a request its sender abandoned halfway (a killed worker) is no delivery."""
from __future__ import annotations

import socket
import time

from .receiver import Receiver


def test_a_request_cut_off_before_its_body_ends_is_not_recorded():
    server = Receiver()
    try:
        with socket.create_connection(("127.0.0.1", server.server.server_port)) as sender:
            sender.sendall(b"POST /hook HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\nwebhook-id: msg_1\r\n\r\n{\"type\":")
        time.sleep(0.5)  # the receiver reads what came and sees the connection end
        assert server.deliveries == []
    finally:
        server.close()
