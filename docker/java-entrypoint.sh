#!/bin/bash
# Entry point of the mesh-kit server images: java [JAVA_OPTS] -jar JAR [flags from MESHKIT_ARGS_FILE] [args].
# MESHKIT_ARGS_FILE (optional) holds one flag per line: `--flag`, `--flag value` (split at the first
# blank; the value keeps inner blanks) or `--flag=value`; blank lines and lines starting with '#' are
# ignored. Helm mounts its ConfigMap there, so a configuration change is a file, reviewed and rolled
# out like any other, and the same flags work on the command line.
set -euo pipefail
jar="$1"; shift
file_args=()
if [ -n "${MESHKIT_ARGS_FILE:-}" ]; then
  if [ ! -r "$MESHKIT_ARGS_FILE" ]; then
    echo "meshkit: MESHKIT_ARGS_FILE=$MESHKIT_ARGS_FILE is not readable" >&2
    exit 64
  fi
  while IFS= read -r line || [ -n "$line" ]; do
    line="${line#"${line%%[![:space:]]*}"}"   # trim leading blanks
    line="${line%"${line##*[![:space:]]}"}"   # trim trailing blanks
    if [ -z "$line" ] || [ "${line:0:1}" = "#" ]; then continue; fi
    if [[ "$line" =~ ^([^[:space:]]+)[[:space:]]+(.*)$ ]]; then
      file_args+=("${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}")   # `--flag value`: two arguments
    else
      file_args+=("$line")                                     # `--flag` or `--flag=value`
    fi
  done < "$MESHKIT_ARGS_FILE"
fi
# JAVA_OPTS is split on blanks on purpose (several JVM options in one variable).
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -jar "$jar" "${file_args[@]}" "$@"
