#!/bin/bash
# Container health check without curl (the images carry only a JRE): bash's /dev/tcp.
#   probe.sh http PORT PATH   -> healthy when the answer's status line is 2xx
#   probe.sh stun-tcp PORT    -> healthy when a STUN Binding request over TCP gets a Binding success
#                                response (RFC 8489 section 6: type 0x0101, magic cookie 0x2112A442)
set -euo pipefail
mode="$1"; port="$2"
case "$mode" in
  http)
    path="${3:-/health}"
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$path" >&3
    IFS= read -r -t 3 status <&3
    [[ "$status" =~ ^HTTP/1\.[01]\ 2[0-9][0-9] ]] || { echo "unhealthy: $status" >&2; exit 1; }
    ;;
  stun-tcp)
    exec 3<>"/dev/tcp/127.0.0.1/$port"
    # Binding request, no attributes, fixed transaction id (a probe needs no secrecy).
    printf '\x00\x01\x00\x00\x21\x12\xa4\x42meshkitprobe' >&3
    head=$(timeout 3 head -c 8 <&3 | od -An -tx1 | tr -d ' \n')
    [[ "$head" == 0101????2112a442 ]] || { echo "unhealthy: STUN answer '$head'" >&2; exit 1; }
    ;;
  *) echo "usage: probe.sh http PORT PATH | stun-tcp PORT" >&2; exit 64 ;;
esac
