#!/usr/bin/env bash
# Installs headless Chromium from Debian's packages for tests/machines/viz_test.ts, which opens
# the generated SVGs in a real browser (the test skips, with a message, where chromium is absent;
# CI must not skip it).
set -euo pipefail
if command -v chromium >/dev/null 2>&1; then
  chromium --version
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium.sh: not root and no sudo; cannot install chromium" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq chromium >/dev/null
chromium --version
