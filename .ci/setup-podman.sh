#!/usr/bin/env bash
# Containers without Docker: podman serves the Docker API for docker-compose and Testcontainers.
# Idempotent; runs as root (`.ci/run` runs every .ci/setup-*.sh before the tests). What it leaves:
#   - packages podman, runc, docker-compose, debootstrap, and the CNI `dnsname` plugin: podman 4.3 on
#     Debian uses the CNI network backend, where containers resolve each other's (compose service)
#     names only through that plugin; without it haproxy cannot find the replicas, nor they Redis
#   - /etc/containers/containers.conf.d/50-meshkit.conf (runc, no default ulimits: docs/ENVIRONMENT.md)
#   - images built locally, because no registry is reachable here:
#       localhost/meshkit-jre:17       Debian bookworm minbase + openjdk-17-jre-headless (debootstrap)
#       localhost/meshkit-redis:7      stand-in for the public redis:7 image (docker/local/)
#       localhost/meshkit-haproxy:2.6  stand-in for the public haproxy:2.6 image (docker/local/)
#   - the Docker API on unix:///run/meshkit-podman.sock (podman system service, in the background)
# Every step says what it does and fails loudly; a cached image or a running service is kept.
set -euo pipefail
cd "$(dirname "$0")/.."

SOCK_PATH=/run/meshkit-podman.sock
BASE_IMAGE=localhost/meshkit-jre:17
REDIS_IMAGE=localhost/meshkit-redis:7
HAPROXY_IMAGE=localhost/meshkit-haproxy:2.6
CONF_DIR=/etc/containers/containers.conf.d
CONF_FILE=$CONF_DIR/50-meshkit.conf
t0=$(date +%s)
say() { echo "   [setup-podman $(( $(date +%s) - t0 ))s] $*"; }

if [ "$(id -u)" != 0 ]; then
  echo "setup-podman.sh must run as root" >&2
  exit 1
fi

need=(podman runc docker-compose debootstrap curl golang-github-containernetworking-plugin-dnsname)
missing=()
for p in "${need[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p"); done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The defaults fail on this kind of machine (crun cannot raise RLIMIT_NOFILE; cgroups v1 "hybrid"):
# runc and no default ulimits work. A drop-in keeps any containers.conf the machine already has.
mkdir -p "$CONF_DIR"
want=$'# written by mesh-kit .ci/setup-podman.sh (docs/ENVIRONMENT.md: podman)\n[containers]\ndefault_ulimits = []\n\n[engine]\nruntime = "runc"\n'
if [ ! -f "$CONF_FILE" ] || [ "$(cat "$CONF_FILE")"$'\n' != "$want" ]; then
  say "writing $CONF_FILE"
  printf '%s' "$want" > "$CONF_FILE"
fi

if podman image exists "$BASE_IMAGE"; then
  say "base image $BASE_IMAGE cached"
else
  say "building $BASE_IMAGE with debootstrap (Debian's default mirror; about 40 s)"
  rootfs=$(mktemp -d /var/tmp/meshkit-jre-rootfs.XXXXXX)
  trap 'rm -rf "$rootfs"' EXIT
  debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$rootfs" >/var/tmp/meshkit-debootstrap.log 2>&1 \
    || { tail -n 30 /var/tmp/meshkit-debootstrap.log >&2; echo "debootstrap failed (log: /var/tmp/meshkit-debootstrap.log)" >&2; exit 1; }
  # The apt sources of the rootfs are the ones debootstrap used, so `apt-get install` works in builds.
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | podman import -q \
    --change 'ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' - "$BASE_IMAGE" >/dev/null
  rm -rf "$rootfs"
  trap - EXIT
  say "base image $BASE_IMAGE built"
fi

for pair in "$REDIS_IMAGE:docker/local/redis.Dockerfile" "$HAPROXY_IMAGE:docker/local/haproxy.Dockerfile"; do
  image=${pair%%:docker/*}
  file=docker/local/${pair##*:docker/local/}
  if podman image exists "$image"; then
    say "image $image cached"
  else
    say "building $image from $file"
    podman build -q --format docker --build-arg "BASE=$BASE_IMAGE" -f "$file" -t "$image" docker/local >/dev/null
  fi
done

# Compose service names must resolve between containers (CNI + dnsname). Checked here, with the
# stand-in images, before any test depends on it: a throwaway network, a container with an alias,
# and a lookup of that alias from a second container.
check_net=meshkit-dnscheck-$$
cleanup_dns_check() {
  podman rm -f -t 0 "$check_net-a" >/dev/null 2>&1 || true
  podman network rm -f "$check_net" >/dev/null 2>&1 || true
}
trap cleanup_dns_check EXIT
podman network create "$check_net" >/dev/null
if ! podman network inspect "$check_net" | grep -q '"dns_enabled": true'; then
  cleanup_dns_check
  echo "podman networks have no DNS: the CNI plugin 'dnsname' is missing from /usr/lib/cni" \
       "(package golang-github-containernetworking-plugin-dnsname); compose service names will not resolve" >&2
  exit 1
fi
podman run -d -q --name "$check_net-a" --network "$check_net" --network-alias svc-a "$BASE_IMAGE" sleep 60 >/dev/null
if resolved=$(podman run --rm --network "$check_net" "$BASE_IMAGE" getent hosts svc-a 2>&1); then
  say "container name resolution works (svc-a -> ${resolved%% *})"
else
  echo "containers on one podman network cannot resolve each other's names: 'getent hosts svc-a' said: $resolved" >&2
  echo "podman uses the $(podman info --format '{{.Host.NetworkBackend}}') network backend; with CNI this needs the" \
       "dnsname plugin (package golang-github-containernetworking-plugin-dnsname) and dnsmasq" >&2
  exit 1
fi
cleanup_dns_check
trap - EXIT

# The Docker API for docker-compose and Testcontainers. `--time=0`: never exit when idle.
api_ok() { curl -fsS --max-time 3 --unix-socket "$SOCK_PATH" http://d/_ping >/dev/null 2>&1; }
if api_ok; then
  say "Docker API already served on unix://$SOCK_PATH"
else
  rm -f "$SOCK_PATH"
  say "starting podman system service on unix://$SOCK_PATH"
  setsid nohup podman system service --time=0 "unix://$SOCK_PATH" >/var/tmp/meshkit-podman-service.log 2>&1 < /dev/null &
  for _ in $(seq 1 100); do api_ok && break; sleep 0.1; done
  api_ok || { cat /var/tmp/meshkit-podman-service.log >&2; echo "the podman API did not come up on $SOCK_PATH" >&2; exit 1; }
fi
say "ready: DOCKER_HOST=unix://$SOCK_PATH TESTCONTAINERS_RYUK_DISABLED=true"
