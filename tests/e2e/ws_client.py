"""ws_client.py - a minimal websocket client (RFC 6455) for the e2e tests:
the handshake with extra headers, masked text frames out, whole frames
in.  Standard library only, so the Python tests need nothing installed.
"""
import base64
import json
import os
import socket
import struct
import uuid


class WsError(Exception):
    pass


class WebSocket:
    """One client socket; upgrade() answers the handshake's status."""

    def __init__(self, port, path, headers=None, timeout=10.0, rcvbuf=None):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if rcvbuf:  # before connect, so the window stays small
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.sock.settimeout(timeout)
        self.sock.connect(("127.0.0.1", port))
        key = base64.b64encode(os.urandom(16)).decode()
        head = ["GET %s HTTP/1.1" % path, "Host: 127.0.0.1:%d" % port,
                "Upgrade: websocket", "Connection: Upgrade",
                "Sec-WebSocket-Version: 13", "Sec-WebSocket-Key: " + key]
        head += ["%s: %s" % kv for kv in (headers or {}).items()]
        self.sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            chunk = self.sock.recv(4096)
            if not chunk:
                break
            self.buf += chunk
        head, _, self.buf = self.buf.partition(b"\r\n\r\n")
        self.status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0

    def send_text(self, text):
        data = text.encode() if isinstance(text, str) else text
        mask = os.urandom(4)
        n = len(data)
        if n < 126:
            head = struct.pack("!BB", 0x81, 0x80 | n)
        elif n < 65536:
            head = struct.pack("!BBH", 0x81, 0x80 | 126, n)
        else:
            head = struct.pack("!BBQ", 0x81, 0x80 | 127, n)
        key = (mask * (n // 4 + 1))[:n]
        masked = (int.from_bytes(data, "big") ^ int.from_bytes(key, "big")).to_bytes(n, "big")
        self.sock.sendall(head + mask + masked)

    def _need(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise WsError("the server closed the connection")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def recv_frame(self):
        """(opcode, payload) of the next frame (the server never masks)."""
        b0, b1 = self._need(2)
        n = b1 & 0x7f
        if n == 126:
            n = struct.unpack("!H", self._need(2))[0]
        elif n == 127:
            n = struct.unpack("!Q", self._need(8))[0]
        return b0 & 0x0f, self._need(n)

    def recv_json(self):
        """The next text frame as a message; WsError on a close frame."""
        op, payload = self.recv_frame()
        if op == 8:
            raise WsError("close frame %r" % payload)
        return json.loads(payload)

    def close(self):
        self.sock.close()


def message(msg_type, content, channel="shell", session="ws-test"):
    """A legacy JSON kernel message of a fresh msg_id."""
    return {"channel": channel, "content": content, "metadata": {}, "parent_header": {},
            "header": {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "session": session,
                       "username": "test", "version": "5.3", "date": ""}}


def exchange(ws, msg):
    """Sends msg and reads up to the idle on iopub that ends it: the frames."""
    ws.send_text(json.dumps(msg))
    frames = []
    while True:
        f = ws.recv_json()
        frames.append(f)
        if (f.get("channel") == "iopub" and f["header"]["msg_type"] == "status" and
                f["content"].get("execution_state") == "idle" and
                f["parent_header"].get("msg_id") == msg["header"]["msg_id"]):
            return frames
