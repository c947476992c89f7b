#!/usr/bin/env bash
# Regenerates docs/ui/*.png: starts an in-process agent with a small demo catalog and has headless Chromium
# (Debian's /usr/bin/chromium, driven by Playwright) photograph the main UI pages at laptop and phone width.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x /usr/bin/chromium ] || { echo "ui-screenshots.sh: needs /usr/bin/chromium (apt-get install -y chromium)" >&2; exit 1; }
mkdir -p docs/ui
CONSULSHARP_UI_SCREENSHOTS="$PWD/docs/ui" dotnet test --project test/ConsulSharp.Ui.Tests -c Release -- --filter-class ConsulSharp.Ui.Tests.ScreenshotTests
ls -l docs/ui
