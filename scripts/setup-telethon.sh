#!/usr/bin/env bash
# Creates the Python virtualenv the Telethon cross-check (tests/tests/telethon.rs) runs in:
# `.venv` at the repository root with Telethon 1.45.0 (layer 229). Idempotent: does nothing
# when that exact version is already installed, so CI and the README can run it every time.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$root/.venv"
want="1.45.0"

if [ -x "$venv/bin/python" ] &&
    [ "$("$venv/bin/python" -c 'import telethon; print(telethon.__version__)' 2>/dev/null)" = "$want" ]; then
    echo "telethon $want already installed in $venv"
    exit 0
fi

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check "telethon==$want"
echo "installed telethon $("$venv/bin/python" -c 'import telethon; print(telethon.__version__)') in $venv"
