{{/*
Helpers. The chart's templates keep to the subset of Helm's template language that
tests/Orchestrator.Charts.Tests renders without a helm binary (see the chart's README).
*/}}

{{/* The chart name, overridable. */}}
{{- define "orchestrator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end }}

{{/* The prefix of every resource name: the release name, plus the chart name unless already in it. */}}
{{- define "orchestrator.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end }}

{{/* Labels on every object. */}}
{{- define "orchestrator.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | quote }}
{{ include "orchestrator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orchestrator
{{- end }}

{{/* Labels that select the controller pods; never change them on upgrade. */}}
{{- define "orchestrator.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orchestrator.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/component: controller
{{- end }}

{{/* The controller's ServiceAccount. */}}
{{- define "orchestrator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "orchestrator.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{/* The image of the controller and of the agent it injects into worker pods. */}}
{{- define "orchestrator.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end }}

{{/* The controller configuration file (docs/configuration.md). */}}
{{- define "orchestrator.configYaml" -}}
agent:
  image: {{ include "orchestrator.image" . | quote }}
  imagePullPolicy: {{ .Values.image.pullPolicy }}
  resources:
    {{- toYaml .Values.agent.resources | nindent 4 }}
noticeSignals:
  {{- toYaml .Values.noticeSignals | nindent 2 }}
pricing:
  {{- toYaml .Values.pricing | nindent 2 }}
onDemandNodeSelector:
  {{- toYaml .Values.onDemandNodeSelector | nindent 2 }}
{{- end }}
