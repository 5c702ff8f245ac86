#!/usr/bin/env bash
# Install Debian's Chromium for the report's browser test when it is missing (idempotent, quick when present).
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: chromium is missing and cannot be installed here (need root and apt-get);" \
       "the browser test will skip (or fail under CI=true)" >&2
  exit 0
fi
echo "ensure-chromium: installing Debian's chromium package" >&2
export DEBIAN_FRONTEND=noninteractive
if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
  echo "ensure-chromium: installing chromium failed; the browser test will skip (or fail under CI=true)" >&2
fi
exit 0
