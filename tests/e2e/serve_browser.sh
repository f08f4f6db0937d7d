#!/bin/sh
# guiyan serve in a real browser: headless Chromium driven by Selenium logs in, drops the
# samples on the page, runs 统计报表, waits for the result, downloads summary.csv and the zip
# and compares them with the command line's; a screenshot of each page at 1366×768 goes to
# $B/serve-screens/. Skipped (and said so) where Chromium, its driver or Selenium is missing.
. "$(dirname "$0")/lib/common.sh"
why=""
command -v chromium >/dev/null 2>&1 || why="no chromium (apt-get install chromium)"
command -v chromedriver >/dev/null 2>&1 || why="${why:+$why; }no chromedriver (apt-get install chromium-driver)"
$PY -c "import selenium" 2>/dev/null || why="${why:+$why; }no selenium for $PY (apt-get install python3-selenium)"
if [ -n "$why" ]; then
    echo "serve_browser: SKIPPED: $why"
    echo "0 passed, 0 failed, 1 skipped"
    exit 0
fi
mkdir -p "$B/serve-screens"
$PY tests/e2e/serve_browser.py "$G" "$T" "$B/serve-screens"
