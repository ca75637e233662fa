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
