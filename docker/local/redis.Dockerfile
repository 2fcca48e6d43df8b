# A stand-in for the public `redis:7` image, for machines that reach no container registry (CI here):
# Debian's redis-server on the local base image. Same port, same data directory, non-root.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /data && chown redis:redis /data
USER redis
WORKDIR /data
EXPOSE 6379
HEALTHCHECK --interval=5s --timeout=3s --retries=5 CMD ["redis-cli", "ping"]
# Listen on every interface of the container; no persistence by default (a cache of live sessions).
# This default command has no password, so protected mode is off for other containers to connect:
# the cluster tests run it so on a private podman network. docker-compose.yml and the Helm chart
# replace the command with a password-protected Redis (protected mode on).
CMD ["redis-server", "--bind", "0.0.0.0", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
