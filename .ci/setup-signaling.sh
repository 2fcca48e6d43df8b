#!/usr/bin/env bash
# signaling-server's TLS differential test makes a throw-away certificate with openssl.
set -euo pipefail
if ! command -v openssl >/dev/null 2>&1; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends openssl
fi
