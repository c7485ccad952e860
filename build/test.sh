#!/usr/bin/env bash
# Runs every test of pagent-java on a fresh Debian machine with only a JDK 17+: installs what the
# tests need (Debian's chromium and chromium-driver, for the browser tests), then runs
# `./mvnw -B -ntp verify`. CI runs it through .ci/run. Extra arguments go to Maven:
#
#   build/test.sh                          # everything
#   build/test.sh -pl pagent-core -am      # one module and what it needs
#
# Environment: MAVEN_OPTS (default -Xmx1g); PAGENT_SKIP_BROWSER_INSTALL=1 to never call apt-get;
# DRY_RUN=1 prints the commands instead of running them.
set -euo pipefail
cd "$(dirname "$0")/.."

chromedriver="${PAGENT_CHROMEDRIVER:-/usr/bin/chromedriver}"
chromium="${PAGENT_CHROMIUM:-/usr/bin/chromium}"

run() {
  if [[ -n "${DRY_RUN:-}" ]]; then
    echo "would run: $*"
  else
    "$@"
  fi
}

# Whether any test in the tree drives a browser (ChromeDriver through Selenium).
needs_browser() {
  grep -rqs --include='*.java' --exclude-dir=target --exclude-dir=.git 'ChromeDriver' .
}

install_browser() {
  local sudo=()
  if [[ "$(id -u)" != 0 ]]; then
    if command -v sudo >/dev/null; then
      sudo=(sudo)
    else
      echo "build/test.sh: the browser tests need Debian's chromium and chromium-driver;" \
        "run as root or install them: apt-get install -y chromium chromium-driver" >&2
      exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null; then
    echo "build/test.sh: no apt-get here; install Chromium and ChromeDriver 156 at $chromium and $chromedriver" >&2
    exit 1
  fi
  echo "== installing chromium and chromium-driver (apt-get)"
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  run "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver
}

if [[ ( ! -x "$chromedriver" || ! -x "$chromium" ) && -z "${PAGENT_SKIP_BROWSER_INSTALL:-}" ]] && needs_browser; then
  install_browser
fi

export MAVEN_OPTS="${MAVEN_OPTS:--Xmx1g}"
run ./mvnw -B -ntp verify "$@"
