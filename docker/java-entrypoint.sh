#!/bin/bash
# How every mesh-kit server is started (the images' entry point, run.sh, the tests that run the jars):
#   java [launcher defaults] [JAVA_OPTS] -jar JAR [flags from MESHKIT_ARGS_FILE] [args]
# Launcher defaults: MESHKIT_JVM_DIR/common.options, then MESHKIT_JVM_DIR/<jar name>.options
# (docker/jvm/ next to this script unless MESHKIT_JVM_DIR says otherwise; the images set
# /opt/meshkit/jvm). One JVM option per line, '#' comments. JAVA_OPTS comes after them, so an
# operator's -Xmx or -XX:MaxDirectMemorySize there wins (HotSpot takes the last of a repeated option).
# MESHKIT_ARGS_FILE (optional) holds one flag per line: `--flag`, `--flag value` (split at the first
# blank; the value keeps inner blanks) or `--flag=value`; blank lines and lines starting with '#' are
# ignored. Helm mounts its ConfigMap there, so a configuration change is a file, reviewed and rolled
# out like any other, and the same flags work on the command line.
# MESHKIT_SHOW_COMMAND=1 prints the java command line to stderr before running it.
set -euo pipefail
jar="$1"; shift

# Lines of a file without blank lines, comments and surrounding blanks.
read_lines() {
  local line
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"   # trim leading blanks
    line="${line%"${line##*[![:space:]]}"}"   # trim trailing blanks
    if [ -z "$line" ] || [ "${line:0:1}" = "#" ]; then continue; fi
    printf '%s\n' "$line"
  done < "$1"
}

jvm_dir="${MESHKIT_JVM_DIR:-$(dirname "${BASH_SOURCE[0]}")/jvm}"
jvm_args=()
name="$(basename "$jar" .jar)"
for f in "$jvm_dir/common.options" "$jvm_dir/$name.options"; do
  if [ ! -r "$f" ]; then
    echo "meshkit: launcher defaults $f are missing (MESHKIT_JVM_DIR=$jvm_dir)" >&2
    exit 64
  fi
  while IFS= read -r opt; do jvm_args+=("$opt"); done < <(read_lines "$f")
done
# JAVA_OPTS is split on blanks on purpose (several JVM options in one variable).
# shellcheck disable=SC2206
jvm_args+=(${JAVA_OPTS:-})

file_args=()
if [ -n "${MESHKIT_ARGS_FILE:-}" ]; then
  if [ ! -r "$MESHKIT_ARGS_FILE" ]; then
    echo "meshkit: MESHKIT_ARGS_FILE=$MESHKIT_ARGS_FILE is not readable" >&2
    exit 64
  fi
  while IFS= read -r line; do
    if [[ "$line" =~ ^([^[:space:]]+)[[:space:]]+(.*)$ ]]; then
      file_args+=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")   # `--flag value`: two arguments
    else
      file_args+=("$line")                                     # `--flag` or `--flag=value`
    fi
  done < <(read_lines "$MESHKIT_ARGS_FILE")
fi

cmd=(java "${jvm_args[@]}" -jar "$jar" "${file_args[@]}" "$@")
if [ "${MESHKIT_SHOW_COMMAND:-}" = 1 ]; then
  echo "meshkit: $(printf '%q ' "${cmd[@]}")" >&2
fi
exec "${cmd[@]}"
