# A stand-in for the public `haproxy:2.6` image, for machines that reach no container registry (CI here):
# Debian's haproxy on the local base image, reading its configuration from the same path as the
# official image (/usr/local/etc/haproxy/haproxy.cfg), running as the unprivileged `haproxy` user.
ARG BASE=debian:bookworm-slim
FROM ${BASE}
RUN apt-get update -q \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends haproxy \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /usr/local/etc/haproxy
USER haproxy
# -W master-worker, -db stay in the foreground: the container's life is haproxy's.
CMD ["haproxy", "-W", "-db", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]
