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
{{- printf "%s:%s" .image.repository (default .root.Chart.AppVersion .image.tag) }}
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
