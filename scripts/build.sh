#!/usr/bin/env bash
# Build the site from source_texts/ into site/ (installs what it needs into .venv).
set -euo pipefail
source "$(dirname "$0")/setup-env.sh"
exec .venv/bin/yomitoki build "$@"
