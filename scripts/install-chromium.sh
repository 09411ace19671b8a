#!/usr/bin/env bash
# Installs Debian's headless-capable Chromium for the web console's end-to-end tests
# (console/e2e, driven by playwright-core with executablePath). Present: nothing to do.
set -euo pipefail
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=network/common.sh
source "$REPO_ROOT/scripts/network/common.sh"

CHROMIUM=${SCF_CHROMIUM:-/usr/bin/chromium}
if [[ -x "$CHROMIUM" ]]; then
  exit 0
fi
printf '[install-chromium] installing Debian chromium\n' >&2
apt_install chromium
[[ -x "$CHROMIUM" ]] || { printf '[install-chromium] %s missing after the install\n' "$CHROMIUM" >&2; exit 1; }
