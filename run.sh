#!/usr/bin/env bash
# Builds the two servers and runs them together on their embedded defaults (in memory, no Redis):
#   signaling (PeerJS-compatible)  http/ws on 0.0.0.0:9000   (PORT or SIGNALING_ARGS to change)
#   STUN responder                 udp+tcp on 0.0.0.0:3478   (STUN_ARGS to change)
# Ctrl-C stops both; if either exits, the other is stopped too and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${MESHKIT_NO_BUILD:-}" != 1 ]]; then
  echo "building (mvn -q -DskipTests package)..." >&2
  mvn -B -q -ntp -DskipTests -pl signaling-server,stun-server -am package
fi

read -r -a sig_args <<< "${SIGNALING_ARGS:---port ${PORT:-9000}}"
read -r -a stun_args <<< "${STUN_ARGS:---host 0.0.0.0 --port 3478}"

pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap 'stop; exit 130' INT TERM
trap stop EXIT

java ${JAVA_OPTS:-} -jar signaling-server/target/signaling-server.jar "${sig_args[@]}" &
pids+=($!)
java ${JAVA_OPTS:-} -jar stun-server/target/stun-server.jar "${stun_args[@]}" &
pids+=($!)

# Whichever exits first ends the run.
set +e
wait -n "${pids[@]}"
rc=$?
echo "a server exited (status $rc); stopping the other" >&2
exit $(( rc == 0 ? 1 : rc ))
