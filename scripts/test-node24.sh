#!/usr/bin/env bash
# Run the whole test suite on Node 24, on a machine whose own node is older.
#
# 1. installs the npm registry's `node@24` package into a temp dir (it ships bin/node and the
#    include/node headers that native modules compile against);
# 2. copies the project (the files git knows, as they are in the work tree) into another temp dir;
# 3. `npm ci` there with Node 24 first on PATH and npm_config_nodedir pointing at its headers, so
#    better-sqlite3 is built for Node 24's ABI (this checkout's node_modules are never touched);
# 4. builds and runs the suite with Node 24.
#
# Arguments are passed to vitest (e.g. `npm run test:node24 -- test/db` runs only those files).
# Environment: NODE24_VERSION (default 24), KEEP_NODE24_DIRS=1 keeps the temp dirs for inspection.
# Exit status: 0 when the suite passes on Node 24, non-zero (with the failing step named) otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
VERSION="${NODE24_VERSION:-24}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/repdesk-node24.XXXXXX")"
NODE_DIR="$WORK/node"
PROJECT="$WORK/project"
step="setup"

cleanup() {
  local rc=$?
  if [ "$rc" -ne 0 ]; then
    echo "test:node24: FAILED during: $step (exit $rc)" >&2
    echo "test:node24: work directory kept for inspection: $WORK" >&2
  elif [ "${KEEP_NODE24_DIRS:-}" = "1" ]; then
    echo "test:node24: work directory kept: $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$rc"
}
trap cleanup EXIT

log() { printf '\n== test:node24 (at %ss): %s\n' "$SECONDS" "$*" >&2; }

step="installing node@$VERSION from the npm registry"
log "$step into $NODE_DIR"
mkdir -p "$NODE_DIR"
(cd "$NODE_DIR" && npm install --no-audit --no-fund --no-save --loglevel=error --prefix . "node@$VERSION" >&2)
# The `node` package puts the binary in bin/ and the platform package (with headers) below it.
NODE_BIN="$(find "$NODE_DIR/node_modules" -path '*/bin/node' -type f -perm -u+x | head -n 1)"
HEADERS="$(find "$NODE_DIR/node_modules" -type d -path '*/include/node' | head -n 1)"
if [ -z "$NODE_BIN" ] || [ -z "$HEADERS" ]; then
  echo "test:node24: the node@$VERSION package has no bin/node or include/node (found: '${NODE_BIN}' '${HEADERS}')" >&2
  exit 1
fi
NODEDIR="$(dirname "$(dirname "$HEADERS")")"
GOT="$("$NODE_BIN" --version)"
case "$GOT" in
  v24.*) ;;
  *) if [ "$VERSION" = "24" ]; then echo "test:node24: expected Node 24, got $GOT" >&2; exit 1; fi ;;
esac
log "using Node $GOT ($NODE_BIN), headers in $NODEDIR"

step="copying the project"
mkdir -p "$PROJECT"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard |
  while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done |
  tar --null -T - -cf -) | (cd "$PROJECT" && tar -xf -)
log "copied $(cd "$PROJECT" && find . -type f | wc -l) files to $PROJECT"

export PATH="$(dirname "$NODE_BIN"):$PATH"
export npm_config_nodedir="$NODEDIR"
export npm_config_build_from_source=true
hash -r

cd "$PROJECT"
step="npm ci (compiling native modules for Node $GOT)"
log "$step"
[ "$(node --version)" = "$GOT" ] || { echo "test:node24: node on PATH is $(node --version), not $GOT" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error
node -e "const D=require('better-sqlite3'); const d=new D(':memory:'); d.prepare('select 1').get(); d.close(); console.error('better-sqlite3 (built here) loads on ' + process.version + ' (ABI ' + process.versions.modules + ')')"
# repdesk prefers the Node-API build (better-sqlite3 13) on Node 22+: see src/db/sqlite.ts.
node -e "const D=require('better-sqlite3-napi'); const d=new D(':memory:'); d.prepare('select 1').get(); d.close(); console.error('better-sqlite3-napi loads on ' + process.version)"

step="npm test on Node $GOT"
log "$step"
if [ "$#" -gt 0 ]; then npm test -- "$@"; else npm test; fi

log "passed on Node $GOT"
