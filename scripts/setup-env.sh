# Shared by build.sh and test.sh: a virtual environment in .venv with yomitoki installed.
# Usage: source scripts/setup-env.sh [extras]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! "$PY" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "エラー: Python 3.11 以上が必要です ($PY)。" >&2
  exit 2
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    echo "仮想環境を作れないため python3-venv を導入します。" >&2
    apt-get update -q && apt-get install -y -q python3-venv
    "$PY" -m venv .venv
  fi
fi
EXTRAS="${1:-}"
STAMP=".venv/.yomitoki-installed${EXTRAS:+-$EXTRAS}"
if [ ! -f "$STAMP" ] || [ pyproject.toml -nt "$STAMP" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e ".${EXTRAS:+[$EXTRAS]}"
  touch "$STAMP"
fi
export NO_MKDOCS_2_WARNING=1
