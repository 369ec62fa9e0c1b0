#!/usr/bin/env bash
# Run the whole test suite (installs what it needs: .venv, Debian's chromium and Japanese fonts).
set -euo pipefail
source "$(dirname "$0")/setup-env.sh" test
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  echo "ブラウザのテストに必要な ${need[*]} を導入します。"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q "${need[@]}"
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
