#!/usr/bin/env bash
# Installs what the browser tests need and nothing else: Debian's Chromium (never a
# browser download by Playwright) and axe-core from the npm registry (tests/browser/).
# Without them, the browser tests skip with a reason.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
fi
if [ -f tests/browser/package.json ] && command -v npm >/dev/null 2>&1; then
  (cd tests/browser && npm install --no-audit --no-fund --silent)
fi
