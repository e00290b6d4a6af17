{{- define "shop.labels" -}}
app.kubernetes.io/name: {{ .Values.app }}
app.kubernetes.io/managed-by: slipway
slipway.dev/environment: {{ .Values.environment }}
{{- range $key, $value := .Values.labels }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}

{{- define "shop.deployment" -}}
{{- $root := .root -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- include "shop.labels" $root | nindent 4 }}
    slipway.dev/track: {{ .track }}
spec:
  replicas: {{ .replicas }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ $root.Values.app }}
      slipway.dev/track: {{ .track }}
  template:
    metadata:
      labels:
        {{- include "shop.labels" $root | nindent 8 }}
        slipway.dev/track: {{ .track }}
      {{- if $root.Values.secrets.checksum }}
      annotations:
        slipway.dev/secrets-checksum: {{ $root.Values.secrets.checksum | quote }}
      {{- end }}
    spec:
      containers:
        - name: app
          image: "{{ required "image.repository is required" .image.repository }}@{{ required "image.digest is required" .image.digest }}"
          ports:
            - name: http
              containerPort: 8080
{{- end }}
