#!/bin/bash
# Health checks and smoke tests without curl (the images carry only a JRE): bash's /dev/tcp and /dev/udp.
# TARGET is PORT (on 127.0.0.1: the container's own health check) or HOST:PORT (a Service, `helm test`).
#   probe.sh http TARGET PATH         -> OK when the answer's status line is 2xx
#   probe.sh stun-tcp TARGET          -> OK when a STUN Binding request over TCP gets its Binding success
#   probe.sh stun-udp TARGET          -> the same over UDP (3 tries, 1 s each: datagrams get lost)
#   probe.sh peerjs TARGET [PATH [KEY]]
#                                     -> OK when a PeerJS WebSocket ({PATH}peerjs?key=KEY&id=…&token=…,
#                                        PATH default /, KEY default peerjs) is upgraded (101) and its
#                                        first message is {"type":"OPEN"}: the ID was registered
# A STUN success is the RFC 8489 section 6 header: type 0x0101, the magic cookie 0x2112A442 and the
# request's transaction ID. Exit status 0 = healthy, 1 = not, 64 = usage.
set -euo pipefail
usage() { echo "usage: probe.sh http TARGET PATH | stun-tcp TARGET | stun-udp TARGET | peerjs TARGET [PATH [KEY]]  (TARGET = PORT or HOST:PORT)" >&2; exit 64; }
[ $# -ge 2 ] || usage
mode="$1"; target="$2"
if [[ "$target" == *:* ]]; then
  host="${target%:*}"; port="${target##*:}"
  host="${host#[}"; host="${host%]}"
else
  host=127.0.0.1; port="$target"
fi
[[ "$port" =~ ^[0-9]+$ ]] || usage
fail() { echo "unhealthy: $*" >&2; exit 1; }
hex() { od -An -tx1 | tr -d ' \n'; }

# Binding request, no attributes; the transaction ID is fixed (a probe needs no secrecy) and checked.
STUN_TXID=meshkitprobe
STUN_REQUEST='\x00\x01\x00\x00\x21\x12\xa4\x42'"$STUN_TXID"
stun_ok() { [[ "$1" == 0101????2112a442"$(printf '%s' "$STUN_TXID" | hex)" ]]; }

case "$mode" in
  http)
    path="${3:-/health}"
    exec 3<>"/dev/tcp/$host/$port" || fail "cannot connect to $host:$port"
    printf 'GET %s HTTP/1.0\r\nHost: %s\r\n\r\n' "$path" "$host" >&3
    status=""
    IFS= read -r -t 3 status <&3 || true
    [[ "$status" =~ ^HTTP/1\.[01]\ 2[0-9][0-9] ]] || fail "$status"
    ;;
  stun-tcp)
    exec 3<>"/dev/tcp/$host/$port" || fail "cannot connect to $host:$port"
    printf "$STUN_REQUEST" >&3
    answer=$(timeout 3 head -c 20 <&3 | hex) || true
    stun_ok "$answer" || fail "STUN answer over TCP '$answer'"
    ;;
  stun-udp)
    exec 3<>"/dev/udp/$host/$port" || fail "cannot open UDP to $host:$port"
    answer=""
    for _ in 1 2 3; do
      printf "$STUN_REQUEST" >&3
      answer=$(timeout 1 head -c 20 <&3 | hex) || true
      if stun_ok "$answer"; then exit 0; fi
    done
    fail "no STUN Binding success over UDP from $host:$port (last: '$answer')"
    ;;
  peerjs)
    path="${3:-/}"; key="${4:-peerjs}"
    [[ "$path" == */ ]] || path="$path/"
    id="meshkit-probe-$(head -c 6 /dev/urandom | hex)"
    token="$(head -c 6 /dev/urandom | hex)"
    ws_key="$(head -c 16 /dev/urandom | base64)"
    exec 3<>"/dev/tcp/$host/$port" || fail "cannot connect to $host:$port"
    printf 'GET %speerjs?key=%s&id=%s&token=%s HTTP/1.1\r\nHost: %s:%s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n' \
      "$path" "$key" "$id" "$token" "$host" "$port" "$ws_key" >&3
    status=""
    IFS= read -r -t 5 status <&3 || true
    [[ "$status" =~ ^HTTP/1\.1\ 101 ]] || fail "WebSocket upgrade answered '${status%$'\r'}'"
    # The rest of the headers, up to the blank line (bash reads sockets byte by byte: nothing of the
    # first frame is consumed here).
    while IFS= read -r -t 5 line <&3; do
      [[ "$line" == $'\r' || -z "$line" ]] && break
    done
    # An unmasked text frame (0x81) of 15 bytes: {"type":"OPEN"}.
    want="810f$(printf '%s' '{"type":"OPEN"}' | hex)"
    frame=$(timeout 5 head -c 17 <&3 | hex) || true
    [[ "$frame" == "$want" ]] || fail "first PeerJS message was not OPEN (frame '$frame')"
    ;;
  *) usage ;;
esac
