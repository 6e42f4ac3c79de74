"""Telethon 1.45 as a client of the test server (server/tests/telethon.rs runs this).

usage: interop.py PORT PEM_FILE TRANSPORT RANDOM_ID
    TRANSPORT: full | intermediate | abridged; RANDOM_ID: the first random_id to use (the
    server refuses a random_id it has seen from the same caller)

Trusts the server's RSA key, connects with a fresh in-memory session (Telethon makes an auth
key and sends invokeWithLayer(initConnection(help.getConfig))), asks for the config again,
calls Bob (answered with phoneCallWaiting) and Carol (who blocked Alice: Telethon must raise
its own UserIsBlockedError). Prints one JSON object with what it saw; exits 0 when every
step ran, whatever the answers (the Rust test judges them), and non-zero with the error
otherwise.
"""

import asyncio
import json
import logging
import sys
import traceback

from telethon import TelegramClient, errors, functions, types
from telethon.crypto import rsa
from telethon.network import connection, mtprotosender
from telethon.sessions import MemorySession

TRANSPORTS = {
    "full": connection.ConnectionTcpFull,
    "intermediate": connection.ConnectionTcpIntermediate,
    "abridged": connection.ConnectionTcpAbridged,
}
DC_ID = 2


def protocol():
    return types.PhoneCallProtocol(
        udp_p2p=True,
        udp_reflector=True,
        min_layer=65,
        max_layer=92,
        library_versions=["2.4.4"],
    )


def record_rpc_errors():
    """Records each rpc_error as it came on the wire: Telethon's exception classes carry the
    code of Telegram's error list (USER_IS_BLOCKED is a 400 there), not the one received."""
    seen = []
    to_error = mtprotosender.rpc_message_to_error

    def recording(rpc_error, request):
        seen.append({"code": rpc_error.error_code, "message": rpc_error.error_message})
        return to_error(rpc_error, request)

    mtprotosender.rpc_message_to_error = recording
    return seen


def request_call(user_id, access_hash, random_id):
    return functions.phone.RequestCallRequest(
        user_id=types.InputUser(user_id, access_hash),
        random_id=random_id,
        g_a_hash=bytes(range(32)),
        protocol=protocol(),
    )


def new_client(port, pem, transport):
    """A Telethon client for the test server at 127.0.0.1:`port`, trusting its key."""
    rsa.add_key(pem, old=False)
    session = MemorySession()
    session.set_dc(DC_ID, "127.0.0.1", port)
    # Fail fast: a hang or a retry loop would only hide what went wrong.
    return TelegramClient(
        session,
        api_id=1,
        api_hash="0123456789abcdef0123456789abcdef",
        connection=TRANSPORTS[transport],
        timeout=10,
        request_retries=1,
        connection_retries=0,
        retry_delay=0,
        auto_reconnect=False,
    )


async def run(port, pem, transport, random_id):
    summary = {"transport": transport}
    client = new_client(port, pem, transport)
    await asyncio.wait_for(client.connect(), 30)
    summary["connected"] = client.is_connected()
    summary["auth_key_id"] = client.session.auth_key.key_id
    # From here on: what connecting needed is not this record's business.
    rpc_errors = record_rpc_errors()

    config = await client(functions.help.GetConfigRequest())
    summary["config"] = {
        "type": type(config).__name__,
        "this_dc": config.this_dc,
        "test_mode": config.test_mode,
        "dc_options": [
            {"id": o.id, "ip": o.ip_address, "port": o.port} for o in config.dc_options
        ],
    }

    answer = await client(request_call(2, 0x2222, random_id))
    call = answer.phone_call
    summary["bob"] = {
        "type": type(answer).__name__,
        "phone_call": type(call).__name__,
        "admin_id": call.admin_id,
        "participant_id": call.participant_id,
        "max_layer": call.protocol.max_layer,
        "library_versions": call.protocol.library_versions,
        "users": sorted(u.id for u in answer.users),
    }

    try:
        await client(request_call(3, 0x3333, random_id + 1))
        summary["carol"] = {"raised": None}
    except errors.RPCError as e:
        summary["carol"] = {
            "raised": type(e).__name__,
            "is_user_is_blocked_error": isinstance(e, errors.UserIsBlockedError),
        }
    summary["rpc_errors"] = rpc_errors

    await client.disconnect()
    return summary


def main():
    port, pem_file, transport = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    random_id = int(sys.argv[4])
    with open(pem_file) as f:
        pem = f.read()
    # Telethon's own log goes to stderr, which the Rust test shows when it fails.
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    try:
        # An overall bound, so a hung exchange fails the test instead of stalling it.
        summary = asyncio.run(asyncio.wait_for(run(port, pem, transport, random_id), 60))
    except Exception:
        traceback.print_exc()
        sys.exit(1)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
