#!/usr/bin/env bash
# Make sure the services and system packages the tests use are there.
# Idempotent: does nothing when all is present. Runs as root on CI machines.
set -euo pipefail

# PostgreSQL: the storage tests run against it as well as SQLite.
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  if command -v pg_ctlcluster >/dev/null; then
    echo "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
    for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  fi
fi

# Chromium: the widget's browser tests drive Debian's build through Playwright
# (executable_path=/usr/bin/chromium), so `playwright install` is never needed.
if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "installing chromium"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
  else
    echo "chromium is missing and this is not root: the browser tests will be skipped" >&2
  fi
fi
