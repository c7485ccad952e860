#!/usr/bin/env bash
# Checks build/test.sh's decisions without installing or building anything (DRY_RUN=1).
set -euo pipefail
cd "$(dirname "$0")/.."
fail() { echo "FAIL: $*" >&2; exit 1; }
expect() { # expect <name> <pattern> <output>
  grep -qF -- "$2" <<<"$3" || fail "$1: expected '$2' in: $3"
}
reject() {
  if grep -qF -- "$2" <<<"$3"; then fail "$1: did not expect '$2' in: $3"; fi
}

present=$(DRY_RUN=1 PAGENT_CHROMEDRIVER=/bin/sh PAGENT_CHROMIUM=/bin/sh build/test.sh)
reject "browser present" "apt-get" "$present"
expect "browser present" "would run: ./mvnw -B -ntp verify" "$present"

missing=$(DRY_RUN=1 PAGENT_CHROMEDRIVER=/nonexistent build/test.sh -pl pagent-test)
if [[ "$(id -u)" == 0 ]] || command -v sudo >/dev/null; then
  expect "driver missing" "apt-get update -qq" "$missing"
  expect "driver missing" "apt-get install -y -qq chromium chromium-driver" "$missing"
fi
expect "arguments passed to Maven" "would run: ./mvnw -B -ntp verify -pl pagent-test" "$missing"

skipped=$(DRY_RUN=1 PAGENT_SKIP_BROWSER_INSTALL=1 PAGENT_CHROMEDRIVER=/nonexistent build/test.sh)
reject "install skipped" "apt-get" "$skipped"

tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
mkdir -p "$tree/build" && cp build/test.sh "$tree/build/"
no_browser=$(cd "$tree" && DRY_RUN=1 PAGENT_CHROMEDRIVER=/nonexistent build/test.sh)
reject "no browser test in the tree" "apt-get" "$no_browser"

ci=$(DRY_RUN=1 PAGENT_CHROMEDRIVER=/bin/sh PAGENT_CHROMIUM=/bin/sh .ci/run -o)
expect ".ci/run calls build/test.sh" "would run: ./mvnw -B -ntp verify -o" "$ci"
echo "build/test.sh: all checks passed"
