#!/bin/sh
# Installs Ace by DAISY (npm @daisy/ace-cli, the version pinned in tests/package.json and
# tests/package-lock.json) into tests/node_modules, for the EPUB end-to-end test. Does nothing
# when it is there already. Ace drives Debian's chromium (DEB_TEST in the Makefile), so
# puppeteer's own browser download is skipped; tests/e2e/test_epub.sh points it at
# /usr/bin/chromium with PUPPETEER_EXECUTABLE_PATH.
cd "$(dirname "$0")" || exit 1
[ -x node_modules/.bin/ace-cli ] && exit 0
if ! command -v npm >/dev/null 2>&1; then
    # Only when there is no npm at all: a Node.js installed another way is left alone.
    ./install-deps.sh nodejs npm || exit 1
fi
echo "installing Ace by DAISY (npm @daisy/ace-cli) into tests/node_modules"
PUPPETEER_SKIP_DOWNLOAD=1 PUPPETEER_SKIP_CHROMIUM_DOWNLOAD=1 \
    npm ci --no-audit --no-fund --loglevel=error >/dev/null || exit 1
[ -x node_modules/.bin/ace-cli ] || { echo "error: npm did not install ace-cli" >&2; exit 1; }
