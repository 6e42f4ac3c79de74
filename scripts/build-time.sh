#!/usr/bin/env bash
# Clean build time of full-layer (api.tl, layer 230) bindings, ours vs grammers-tl-types 0.11,
# same machine, -j2, debug and release. Each side is a throwaway crate under $WORK whose
# dependencies are built first; then only the bindings crate is cleaned and rebuilt, so the
# figure is: run the generator (build.rs) + compile the generated code.
#   ours:     tl-codegen in build.rs (prettyplease on, and off), tl-runtime without mtproto
#   grammers: grammers-tl-types default features (tl-api, impl-debug, impl-from-enum/type)
# Usage: bash scripts/build-time.sh   (takes a few minutes; run on an otherwise idle machine)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
WORK=${WORK:-/tmp/tl-buildtime}
API_TL="$(dirname "$(cargo metadata --format-version 1 --manifest-path "$ROOT/Cargo.toml" |
  python3 -c "import json,sys;print([p['manifest_path'] for p in json.load(sys.stdin)['packages'] if p['name']=='grammers-tl-types'][0])")")/tl/api.tl"
mkdir -p "$WORK"

make_ours() { # $1 = dir, $2 = pretty (true/false)
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "bt-ours"
version = "0.0.0"
edition = "2024"
[dependencies]
tl-runtime = { path = "$ROOT/runtime", default-features = false }
[build-dependencies]
tl-codegen = { path = "$ROOT/tl-codegen" }
[workspace]
TOML
  cat > "$1/build.rs" <<RS
fn main() {
    tl_codegen::Config::new().schema("$API_TL").pretty($2).compile().unwrap_or_else(|e| panic!("{e}"));
}
RS
  echo 'include!(concat!(env!("OUT_DIR"), "/tl.rs"));' > "$1/src/lib.rs"
}

make_grammers() {
  mkdir -p "$1/src"
  cat > "$1/Cargo.toml" <<TOML
[package]
name = "bt-grammers"
version = "0.0.0"
edition = "2024"
[dependencies]
grammers-tl-types = "=0.11.0"
[workspace]
TOML
  echo 'pub use grammers_tl_types::*;' > "$1/src/lib.rs"
}

measure() { # $1 = dir, $2 = package to clean, $3 = profile flag ("" or --release)
  (cd "$1" && cargo build -q -j2 $3 >/dev/null 2>&1 && cargo clean -q -p "$2" $3 &&
    /usr/bin/time -f "%e" cargo build -q -j2 $3 2>&1 | tail -1)
}

make_ours "$WORK/ours-pretty" true
make_ours "$WORK/ours-fast" false
make_grammers "$WORK/grammers"
printf '%-22s %8s %8s\n' crate debug release
for c in grammers:grammers-tl-types ours-pretty:bt-ours ours-fast:bt-ours; do
  dir=${c%%:*}; pkg=${c##*:}
  d=$(measure "$WORK/$dir" "$pkg" "")
  r=$(measure "$WORK/$dir" "$pkg" --release)
  printf '%-22s %7ss %7ss\n' "$dir" "$d" "$r"
done
