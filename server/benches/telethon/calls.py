"""Telethon 1.45's phone.requestCall rate against the test server (benches/loopback.rs runs it).

usage: calls.py PORT PEM_FILE N RANDOM_ID_BASE

Connects over ConnectionTcpIntermediate with a fresh in-memory session, warms up, then
times N sequential calls and N concurrent ones (one asyncio.gather), each answered with
phoneCallWaiting. Prints one JSON object with calls per second and which AES Telethon
runs on (cryptg, libssl or pure Python: it decides much of Telethon's speed).
"""

import asyncio
import json
import sys
import time

from telethon import TelegramClient, functions, types
from telethon.crypto import aes, rsa
from telethon.network import connection
from telethon.sessions import MemorySession

WARM_UP = 200


def aes_backend():
    if aes.cryptg:
        return "cryptg"
    if aes.libssl.encrypt_ige:
        return "libssl"
    return "python"


class Calls:
    """phone.requestCall to Bob with a fresh random_id each time (the server refuses
    repeats)."""

    def __init__(self, base):
        self.next = base

    def __call__(self):
        self.next += 1
        return functions.phone.RequestCallRequest(
            user_id=types.InputUser(2, 0x2222),
            random_id=self.next,
            g_a_hash=bytes(range(32)),
            protocol=types.PhoneCallProtocol(
                udp_p2p=True,
                udp_reflector=True,
                min_layer=65,
                max_layer=92,
                library_versions=["2.4.4"],
            ),
        )


def check(answer):
    if not isinstance(answer.phone_call, types.PhoneCallWaiting):
        raise SystemExit(f"unexpected answer {answer!r}")


async def run(port, pem, n, base):
    rsa.add_key(pem, old=False)
    session = MemorySession()
    session.set_dc(2, "127.0.0.1", port)
    client = TelegramClient(
        session,
        api_id=1,
        api_hash="0123456789abcdef0123456789abcdef",
        connection=connection.ConnectionTcpIntermediate,
        timeout=30,
        request_retries=1,
        connection_retries=0,
        auto_reconnect=False,
    )
    await client.connect()
    calls = Calls(base)
    for _ in range(WARM_UP):
        check(await client(calls()))

    start = time.perf_counter()
    for _ in range(n):
        check(await client(calls()))
    sequential = n / (time.perf_counter() - start)

    start = time.perf_counter()
    for answer in await asyncio.gather(*(client(calls()) for _ in range(n))):
        check(answer)
    concurrent = n / (time.perf_counter() - start)

    await client.disconnect()
    return {
        "calls": n,
        "sequential_calls_per_s": sequential,
        "concurrent_calls_per_s": concurrent,
        "aes": aes_backend(),
    }


def main():
    port, pem_file, n, base = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    with open(pem_file) as f:
        pem = f.read()
    print(json.dumps(asyncio.run(run(port, pem, n, base))))


if __name__ == "__main__":
    main()
