#!/bin/sh
# Puts Debian's Chromium at /usr/bin/chromium for the sandbox's browser test (src/sandbox/browser.test.ts).
# A browser download by the test tool cannot work here, so the distribution's package is used; it is
# installed only when missing and only as root. It always exits 0: without Chromium the browser test
# skips itself with the reason, and every other test still runs.
set -u
CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != "0" ]; then
  echo "ensure-chromium: $CHROMIUM is missing and this user is not root, so it cannot be installed here." >&2
  echo "ensure-chromium: install it with: sudo apt-get install -y chromium (the browser test is skipped until then)" >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: $CHROMIUM is missing and there is no apt-get; the browser test will be skipped." >&2
  exit 0
fi
echo "ensure-chromium: installing chromium with apt-get (once; this takes a minute)..." >&2
# The emoji font is for the screenshots: names like "ليلى 🌸" should not show as empty boxes.
if DEBIAN_FRONTEND=noninteractive apt-get update >/dev/null &&
  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-noto-color-emoji >/dev/null; then
  echo "ensure-chromium: installed $("$CHROMIUM" --version 2>/dev/null)" >&2
else
  echo "ensure-chromium: apt-get could not install chromium; the browser test will be skipped." >&2
fi
exit 0
