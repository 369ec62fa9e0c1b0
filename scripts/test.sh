#!/usr/bin/env bash
# Run the whole test suite (installs what it needs: .venv, Debian's chromium, Japanese fonts and epubcheck).
set -euo pipefail
source "$(dirname "$0")/setup-env.sh" test
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
# the EPUB books are checked with Debian's epubcheck (tests/test_epub.py)
[ -f /usr/share/java/epubcheck.jar ] || need+=(epubcheck)
# axe-core (tests/test_a11y.py) comes from npm, pinned by package-lock.json.
if [ ! -f node_modules/axe-core/axe.min.js ] && ! command -v npm >/dev/null 2>&1; then need+=(npm); fi
if [ ${#need[@]} -gt 0 ]; then
  echo "ブラウザのテストに必要な ${need[*]} を導入します。"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
fi
if [ ! -f node_modules/axe-core/axe.min.js ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "アクセシビリティ検査に使う axe-core を npm で導入します。"
  npm ci --no-audit --no-fund
fi
set +e
.venv/bin/python -m pytest "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "エラー: テストが 1 件も実行されませんでした。" >&2
  exit 1
fi
exit $status
