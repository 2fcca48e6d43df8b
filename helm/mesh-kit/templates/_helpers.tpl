{{/* Names and labels shared by every manifest of the chart. */}}
{{- define "mesh-kit.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "mesh-kit.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "mesh-kit.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
app.kubernetes.io/name: {{ include "mesh-kit.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one component (signaling, stun, redis): call with (dict "root" $ "component" "x"). */}}
{{- define "mesh-kit.selectorLabels" -}}
app.kubernetes.io/name: {{ include "mesh-kit.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "mesh-kit.image" -}}
{{- printf "%s:%v" .image.repository (default .root.Chart.AppVersion .image.tag) }}
{{- end }}

{{/*
The flags file read by the image's entry point: one flag per line. A map value true renders `--flag`,
false or null omits the flag (peerjs-server's booleans default to false), anything else renders
`--flag value`. Keys are sorted so the checksum (and so the rollout) only changes with the content.
*/}}
{{- define "mesh-kit.flagsFile" -}}
{{- range $k, $v := .flags }}
{{- if kindIs "bool" $v }}
{{- if $v }}
--{{ $k }}
{{- end }}
{{- else if not (kindIs "invalid" $v) }}
--{{ $k }} {{ $v }}
{{- end }}
{{- end }}
{{- range .extra }}
{{ . }}
{{- end }}
{{- end }}

{{/* The Redis URL of cluster mode: the external one, else the in-chart Redis, else empty. */}}
{{- define "mesh-kit.redisUrl" -}}
{{- if .Values.redis.url }}
{{- .Values.redis.url }}
{{- else if .Values.redis.enabled }}
{{- printf "redis://%s-redis:6379" (include "mesh-kit.fullname" .) }}
{{- end }}
{{- end }}

{{/* True (non-empty) when the chart runs its own Redis. */}}
{{- define "mesh-kit.redisInChart" -}}
{{- if and .Values.redis.enabled (not .Values.redis.url) }}true{{ end }}
{{- end }}

{{/*
The Secret holding the Redis password, or empty when Redis takes none: the user's existingSecret,
else the chart's own Secret for the in-chart Redis with auth on.
*/}}
{{- define "mesh-kit.redisPasswordSecret" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecret }}
{{- else if and (include "mesh-kit.redisInChart" .) .Values.redis.auth.enabled }}
{{- printf "%s-redis" (include "mesh-kit.fullname" .) }}
{{- end }}
{{- end }}

{{/* The key of the password in that Secret (the chart's own Secret uses redis-password). */}}
{{- define "mesh-kit.redisPasswordKey" -}}
{{- if .Values.redis.auth.existingSecret }}
{{- .Values.redis.auth.existingSecretPasswordKey }}
{{- else }}
{{- "redis-password" }}
{{- end }}
{{- end }}

{{- define "mesh-kit.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "mesh-kit.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/*
Values that would deploy something broken without an error fail the rendering here. Several
signaling pods without Redis each keep their own IDs: clients on different pods never meet, and
one ID can be held twice.
*/}}
{{- define "mesh-kit.validate" -}}
{{- $s := .Values.signaling }}
{{- with $s.beacon }}
{{- if and .origins (not .existingSecret) }}
{{- fail "signaling.beacon.origins needs signaling.beacon.existingSecret: without the signing key no beacon is issued, and those origins would get none." }}
{{- end }}
{{- if and .require (not .existingSecret) (not .verifyKeys) }}
{{- fail "signaling.beacon.require needs signaling.beacon.existingSecret or verifyKeys: with no key to verify against, every ID would be refused." }}
{{- end }}
{{- end }}
{{- if and $s.enabled (not (include "mesh-kit.redisUrl" .)) }}
{{- if $s.autoscaling.enabled }}
{{- fail "signaling.autoscaling.enabled needs Redis: each signaling pod would keep its own peer IDs (the ID space splits; clients on different pods never meet). Set redis.enabled=true or redis.url, or turn autoscaling off." }}
{{- end }}
{{- if gt (int $s.replicaCount) 1 }}
{{- fail (printf "signaling.replicaCount=%d needs Redis: each signaling pod would keep its own peer IDs (the ID space splits; clients on different pods never meet). Set redis.enabled=true or redis.url, or signaling.replicaCount=1." (int $s.replicaCount)) }}
{{- end }}
{{- end }}
{{- end }}

{{/* A memory size in MiB: Kubernetes quantities (512Mi, 1Gi, 500M, bytes) and JVM sizes (192m, 1g, 65536k). */}}
{{- define "mesh-kit.mebibytes" -}}
{{- $q := toString . | trim -}}
{{- $units := list (list "Gi" 1024.0) (list "Mi" 1.0) (list "Ki" 0.0009765625) (list "G" 953.67431640625) (list "M" 0.95367431640625) (list "k" 0.0009765625) (list "K" 0.0009765625) (list "g" 1024.0) (list "m" 1.0) -}}
{{- $mib := -1.0 -}}
{{- range $units }}
{{- if and (lt $mib 0.0) (hasSuffix (index . 0) $q) }}
{{- $mib = mulf (trimSuffix (index . 0) $q | float64) (index . 1) }}
{{- end }}
{{- end }}
{{- if lt $mib 0.0 }}{{ $mib = divf ($q | float64) 1048576.0 }}{{ end }}
{{- ceil $mib | int64 }}
{{- end }}

{{/*
JAVA_OPTS of a server: its heap and direct-memory caps (after the image's launcher defaults, so
these win), then javaOpts. Fails when the JVM's caps cannot fit the container's memory limit: heap +
direct memory + metaspace and code cache (48m + 32m, the launcher defaults) + 96 MiB for the JVM's
own native memory (measured 40-45 MiB: class data, symbols, threads, compiler, GC; the rest for the
C allocator) must not exceed resources.limits.memory. Call with (dict "component" "signaling" "values" $s).
*/}}
{{- define "mesh-kit.javaOpts" -}}
{{- $v := .values }}
{{- $limit := dig "limits" "memory" "" $v.resources }}
{{- if $limit }}
{{- $heap := include "mesh-kit.mebibytes" $v.jvm.maxHeap | int64 }}
{{- $direct := include "mesh-kit.mebibytes" $v.jvm.maxDirectMemory | int64 }}
{{- $need := add $heap $direct 48 32 96 }}
{{- $have := include "mesh-kit.mebibytes" $limit | int64 }}
{{- if gt $need $have }}
{{- fail (printf "%s: the JVM needs up to %dMi (heap %s + direct memory %s + metaspace 48m + code cache 32m + 96Mi native) but resources.limits.memory is %s: the kernel would kill the container. Raise %s.resources.limits.memory to at least %dMi or lower %s.jvm.maxHeap / maxDirectMemory." .component $need (toString $v.jvm.maxHeap) (toString $v.jvm.maxDirectMemory) (toString $limit) .component $need .component) }}
{{- end }}
{{- end }}
{{- $opts := printf "-Xmx%s -XX:MaxDirectMemorySize=%s" (toString $v.jvm.maxHeap) (toString $v.jvm.maxDirectMemory) }}
{{- if $v.javaOpts }}{{ $opts = printf "%s %s" $opts $v.javaOpts }}{{ end }}
{{- $opts }}
{{- end }}
