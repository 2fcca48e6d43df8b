#!/usr/bin/env bash
# Builds the two servers and runs them together on their embedded defaults (in memory, no Redis):
#   signaling (PeerJS-compatible)  http/ws on 0.0.0.0:9000   (PORT or SIGNALING_ARGS to change),
#                                  with the browser app at http://localhost:9000/app/ (mesh-web/README.md)
#   STUN responder                 udp+tcp on 0.0.0.0:3478   (STUN_ARGS to change)
# Both start through docker/java-entrypoint.sh, as in the images: the JVM options of docker/jvm/
# (heap and direct-memory limits, docs/OPERATIONS.md) come first, JAVA_OPTS after them wins.
# Every command it runs is printed first. MESHKIT_NO_BUILD=1 skips the build.
# Ctrl-C stops both; if either exits, the other is stopped too and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${MESHKIT_NO_BUILD:-}" != 1 ]]; then
  # Maven 3.8 prints ANSI reset codes even in batch mode; jansi.noreset keeps plain logs plain.
  build=(mvn -B -q -ntp -DskipTests -pl signaling-server,stun-server -am package)
  echo "run.sh: ${build[*]}" >&2
  MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" "${build[@]}"
fi

# {host} in the app's STUN URL is the host the page was loaded from: this machine, where STUN runs too.
app_stun='stun:{host}:3478'
read -r -a sig_args <<< "${SIGNALING_ARGS:---port ${PORT:-9000} --app_path /app/ --app_stun $app_stun}"
read -r -a stun_args <<< "${STUN_ARGS:---host 0.0.0.0 --port 3478}"

pids=()
stop() { trap - INT TERM EXIT; kill "${pids[@]}" 2>/dev/null || true; wait "${pids[@]}" 2>/dev/null || true; }
trap 'stop; exit 130' INT TERM
trap stop EXIT

# The entry point prints the java command line it runs (MESHKIT_SHOW_COMMAND=1).
export MESHKIT_SHOW_COMMAND=1
bash docker/java-entrypoint.sh signaling-server/target/signaling-server.jar "${sig_args[@]}" &
pids+=($!)
bash docker/java-entrypoint.sh stun-server/target/stun-server.jar "${stun_args[@]}" &
pids+=($!)

# Whichever exits first ends the run.
set +e
wait -n "${pids[@]}"
rc=$?
echo "run.sh: a server exited (status $rc); stopping the other" >&2
exit $(( rc == 0 ? 1 : rc ))
