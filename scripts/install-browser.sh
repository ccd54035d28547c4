#!/usr/bin/env bash
# Installs what the dashboard's browser tests drive, when missing: Debian's Chromium and its
# WebDriver (packages chromium and chromium-driver: /usr/bin/chromium, /usr/bin/chromedriver).
# Without them `cargo test` still passes and says that it skipped the browser tests.
set -euo pipefail
if command -v chromedriver >/dev/null && command -v chromium >/dev/null; then
    exit 0
fi
SUDO=""
[[ "$(id -u)" == 0 ]] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
$SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver >/dev/null
chromedriver --version
