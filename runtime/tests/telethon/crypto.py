"""Telethon's side of runtime/tests/telethon_crypto.rs.

Reads the cases from stdin (JSON written by the Rust test) and drives Telethon 1.45's own
MTProtoState on them:

- client -> server: `MTProtoState.encrypt_message_data` on the given message, with
  `os.urandom` replaced so Telethon draws exactly the padding the Rust side used;
- server -> client: `MTProtoState.decrypt_message_data` on the message the Rust side
  encrypted (Telethon's whole receive path: key id, msg_key, session id, msg_id parity and
  time window, then parsing the body as a TL object), and the same bytes through Telethon's
  key derivation and AES-IGE alone, to get the padded plaintext back;
- the same message with one ciphertext bit flipped, which Telethon must refuse.

Prints one line per result, `<what> <case> <fields...>`, then `done`; the Rust test does
every comparison, so this script only reports what Telethon computed.
"""

import json
import logging
import sys
import time

from telethon.crypto import AES, AuthKey
from telethon.errors import SecurityError
from telethon.network import mtprotostate
from telethon.network.mtprotostate import MTProtoState


class Loggers(dict):
    """MTProtoState looks its logger up by module name."""

    def __missing__(self, name):
        return logging.getLogger(name)


def new_state(auth_key, salt, session_id):
    state = MTProtoState(AuthKey(auth_key), loggers=Loggers())
    state.salt = salt
    # reset() drew a random session id; the test fixes it.
    state.id = session_id
    return state


def telethon_encrypt(state, message, padding):
    """Telethon's encryption of `message` (msg_id .. body) with `padding` as its randomness."""
    asked = []

    def urandom(n):
        asked.append(n)
        return padding

    real = mtprotostate.os.urandom
    mtprotostate.os.urandom = urandom
    try:
        encrypted = state.encrypt_message_data(message)
    finally:
        mtprotostate.os.urandom = real
    # Telethon picks the padding length itself; it must be the length the test gave us, or
    # the padding bytes would not be the ones our side used.
    if asked != [len(padding)]:
        raise SystemExit(f"Telethon drew {asked} random bytes, the test gave {len(padding)}")
    return encrypted


def main():
    spec = json.load(sys.stdin)
    auth_key = bytes.fromhex(spec["auth_key"])
    salt, session_id = spec["salt"], spec["session_id"]
    print("auth_key_id", 0, AuthKey(auth_key).key_id)
    for case in spec["cases"]:
        i = case["id"]
        message = bytes.fromhex(case["client_message"])
        padding = bytes.fromhex(case["client_padding"])
        state = new_state(auth_key, salt, session_id)
        print("encrypted", i, telethon_encrypt(state, message, padding).hex())

        from_server = bytes.fromhex(case["server_encrypted"])
        state = new_state(auth_key, salt, session_id)
        # Telethon ignores messages whose msg_id time is over 300 s old or 30 s ahead of its
        # clock; the test's msg_ids are fixed, so move Telethon's clock to them.
        state.time_offset = (case["server_msg_id"] >> 32) - int(time.time())
        received = state.decrypt_message_data(from_server)
        if received is None:
            raise SystemExit(f"case {i}: Telethon ignored the server message")
        print("received", i, received.msg_id, received.seq_no, bytes(received.obj).hex())

        msg_key = from_server[8:24]
        key, iv = MTProtoState._calc_key(auth_key, msg_key, False)
        print("plaintext", i, AES.decrypt_ige(from_server[24:], key, iv).hex())

        tampered = bytearray(from_server)
        tampered[-1] ^= 1
        state = new_state(auth_key, salt, session_id)
        state.time_offset = (case["server_msg_id"] >> 32) - int(time.time())
        try:
            state.decrypt_message_data(bytes(tampered))
            print("tampered", i, "accepted")
        except SecurityError as e:
            print("tampered", i, "refused", json.dumps(str(e)))
    print("done")


if __name__ == "__main__":
    main()
