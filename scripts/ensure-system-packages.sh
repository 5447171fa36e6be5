#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: the PostgreSQL server
# (storage tests), Chromium and its driver (browser tests; no browser download), and CJK fonts
# (so screenshots of Chinese and Japanese pages show text, not boxes). Idempotent; does nothing when everything is there. Needs root (or sudo)
# only when something must be installed.
set -euo pipefail

need=()
have_initdb() {
  command -v initdb >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}
have_initdb || need+=(postgresql)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fc-list :lang=ja 2>/dev/null | grep -q . || need+=(fonts-noto-cjk)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi

echo "installing Debian packages: ${need[*]}"
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root to install ${need[*]}" >&2; exit 1; }
  sudo_cmd="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo_cmd apt-get update -qq
$sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
echo "installed: ${need[*]}"
