{{/*
The application's name: the fullname of every object.
*/}}
{{- define "slipway.app" -}}
{{- required "app is required" .Values.app -}}
{{- end -}}

{{/*
The chart label value: name-version, at most 63 characters.
*/}}
{{- define "slipway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Labels of every object and pod template. The extra labels come last but cannot replace the standard ones.
*/}}
{{- define "slipway.labels" -}}
{{- $standard := dict
  "app.kubernetes.io/name" (include "slipway.app" .)
  "app.kubernetes.io/instance" (include "slipway.app" .)
  "app.kubernetes.io/version" (.Chart.AppVersion | trunc 63 | trimSuffix "-")
  "app.kubernetes.io/managed-by" "slipway"
  "helm.sh/chart" (include "slipway.chart" .)
  "slipway.dev/environment" .Values.environment -}}
{{- $labels := merge $standard (deepCopy (.Values.labels | default dict)) -}}
{{- toYaml $labels -}}
{{- end -}}

{{/*
Selector of every pod of the application, both tracks.
*/}}
{{- define "slipway.selector" -}}
app.kubernetes.io/name: {{ include "slipway.app" . }}
{{- end -}}

{{/*
Selector of one track's pods; call with (dict "root" $ "track" "stable").
*/}}
{{- define "slipway.trackSelector" -}}
{{ include "slipway.selector" .root }}
slipway.dev/track: {{ .track }}
{{- end -}}

{{/*
Whether the track Services <app>-stable and <app>-canary are rendered.
*/}}
{{- define "slipway.trackServices" -}}
{{- if or .Values.canary.enabled .Values.httpRoute.enabled -}}true{{- end -}}
{{- end -}}

{{/*
The name of the application's Secret.
*/}}
{{- define "slipway.secretName" -}}
{{- default (printf "%s-secrets" (include "slipway.app" .)) .Values.secrets.name -}}
{{- end -}}

{{/*
An HTTP probe; call with (dict "probe" .Values.probes.liveness "root" $).
*/}}
{{- define "slipway.probe" -}}
httpGet:
  path: {{ .probe.path | quote }}
  {{- if and .probe.port (gt (int .probe.port) 0) }}
  port: {{ int .probe.port }}
  {{- else }}
  port: http
  {{- end }}
initialDelaySeconds: {{ int (.probe.initialDelaySeconds | default 0) }}
periodSeconds: {{ int (.probe.periodSeconds | default 10) }}
failureThreshold: {{ int (.probe.failureThreshold | default 3) }}
{{- end -}}

{{/*
Container resources, leaving out empty quantities.
*/}}
{{- define "slipway.resources" -}}
{{- $out := dict -}}
{{- range $kind := list "requests" "limits" -}}
{{- $in := index $.Values.resources $kind | default dict -}}
{{- $q := dict -}}
{{- range $name := list "cpu" "memory" -}}
{{- $v := index $in $name -}}
{{- if kindIs "float64" $v -}}
{{- if eq $v (float64 (int64 $v)) -}}
{{- $_ := set $q $name (printf "%d" (int64 $v)) -}}
{{- else -}}
{{- $_ := set $q $name (toString $v) -}}
{{- end -}}
{{- else if or (kindIs "int" $v) (kindIs "int64" $v) -}}
{{- $_ := set $q $name (toString $v) -}}
{{- else if $v -}}
{{- $_ := set $q $name $v -}}
{{- end -}}
{{- end -}}
{{- if $q -}}
{{- $_ := set $out $kind $q -}}
{{- end -}}
{{- end -}}
{{- toYaml $out -}}
{{- end -}}

{{/*
A Deployment of one track; call with
(dict "root" $ "track" "stable" "name" "app" "replicas" 2 "autoscaled" false "image" "repo@digest").
*/}}
{{- define "slipway.deployment" -}}
{{- $root := .root -}}
{{- $values := $root.Values -}}
{{- $trackSelector := include "slipway.trackSelector" (dict "root" $root "track" .track) | fromYaml -}}
{{- $labels := merge (include "slipway.labels" $root | fromYaml) $trackSelector -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .name }}
  labels:
    {{- toYaml $labels | nindent 4 }}
  {{- if $values.secrets.keys }}
  annotations:
    slipway.dev/secret-keys: {{ join "," $values.secrets.keys | quote }}
  {{- end }}
spec:
  {{- if not .autoscaled }}
  replicas: {{ int .replicas }}
  {{- end }}
  revisionHistoryLimit: {{ int $values.revisionHistoryLimit }}
  progressDeadlineSeconds: {{ int $values.progressDeadlineSeconds }}
  selector:
    matchLabels:
      {{- toYaml $trackSelector | nindent 6 }}
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: {{ $values.rollingUpdate.maxSurge }}
      maxUnavailable: {{ $values.rollingUpdate.maxUnavailable }}
  template:
    metadata:
      labels:
        {{- toYaml $labels | nindent 8 }}
      {{- $annotations := deepCopy ($values.podAnnotations | default dict) }}
      {{- if and $values.secrets.enabled $values.secrets.checksum }}
      {{- $_ := set $annotations "slipway.dev/secrets-checksum" $values.secrets.checksum }}
      {{- end }}
      {{- with $annotations }}
      annotations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
    spec:
      {{- if $values.serviceAccount.create }}
      serviceAccountName: {{ include "slipway.app" $root }}
      {{- end }}
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: {{ int $values.terminationGracePeriodSeconds }}
      securityContext:
        runAsNonRoot: true
        {{- with $values.securityContext.runAsUser }}
        runAsUser: {{ int . }}
        runAsGroup: {{ int . }}
        fsGroup: {{ int . }}
        {{- end }}
        seccompProfile:
          type: RuntimeDefault
      topologySpreadConstraints:
        - maxSkew: {{ int $values.topologySpread.maxSkew }}
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: {{ $values.topologySpread.whenUnsatisfiable }}
          labelSelector:
            matchLabels:
              {{- toYaml $trackSelector | nindent 14 }}
          matchLabelKeys:
            - pod-template-hash
      containers:
        - name: app
          image: {{ .image | quote }}
          imagePullPolicy: IfNotPresent
          ports:
            - name: http
              containerPort: {{ int $values.containerPort }}
              protocol: TCP
          {{- with $values.env }}
          env:
            {{- range $name, $value := . }}
            - name: {{ $name }}
              value: {{ $value | toString | quote }}
            {{- end }}
          {{- end }}
          {{- if $values.secrets.enabled }}
          envFrom:
            - secretRef:
                name: {{ include "slipway.secretName" $root }}
                optional: false
          {{- end }}
          {{- with $values.probes.startup }}
          startupProbe:
            {{- include "slipway.probe" (dict "probe" . "root" $root) | nindent 12 }}
          {{- end }}
          {{- with $values.probes.liveness }}
          livenessProbe:
            {{- include "slipway.probe" (dict "probe" . "root" $root) | nindent 12 }}
          {{- end }}
          {{- with $values.probes.readiness }}
          readinessProbe:
            {{- include "slipway.probe" (dict "probe" . "root" $root) | nindent 12 }}
          {{- end }}
          resources:
            {{- include "slipway.resources" $root | nindent 12 }}
          securityContext:
            runAsNonRoot: true
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            privileged: false
            capabilities:
              drop:
                - ALL
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
{{- end -}}

{{/*
A Service; call with (dict "root" $ "name" "app-stable" "selector" (dict ...) "track" "stable" or "").
*/}}
{{- define "slipway.service" -}}
{{- $labels := include "slipway.labels" .root | fromYaml -}}
{{- if .track -}}
{{- $_ := set $labels "slipway.dev/track" .track -}}
{{- end -}}
apiVersion: v1
kind: Service
metadata:
  name: {{ .name }}
  labels:
    {{- toYaml $labels | nindent 4 }}
spec:
  type: ClusterIP
  selector:
    {{- toYaml .selector | nindent 4 }}
  ports:
    - name: http
      port: {{ int .root.Values.service.port }}
      targetPort: http
      protocol: TCP
{{- end -}}
