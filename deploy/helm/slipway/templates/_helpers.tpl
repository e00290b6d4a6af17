{{/*
Names and labels.
*/}}
{{- define "slipway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slipway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 50 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 50 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "slipway.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The services, by their key in values, in pipeline order. */}}
{{- define "slipway.components" -}}
{{- list "gateway" "build" "chart" "deploy" "secrets" "backup" | toJson }}
{{- end }}

{{/* Every pipeline topic (contracts' Topics.ALL); each has a dead-letter topic <topic>.dlq. */}}
{{- define "slipway.topics" -}}
{{- list "commit-pushed" "image-built" "chart-published" "deploy-progressed" "deployed" "backup-requested" "backup-done" "secrets-synced" "approval-given" "stage-failed" | toJson }}
{{- end }}

{{/* The service's own name (its Maven module and Quarkus application name). Argument: the key. */}}
{{- define "slipway.serviceName" -}}
{{- printf "%s-service" . }}
{{- end }}

{{/* Name of a service's objects. Argument: dict root, key. */}}
{{- define "slipway.componentFullname" -}}
{{- printf "%s-%s" (include "slipway.fullname" .root) .key | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "slipway.commonLabels" -}}
helm.sh/chart: {{ include "slipway.chart" . }}
app.kubernetes.io/part-of: slipway
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- end }}

{{/* Argument: dict root, key. */}}
{{- define "slipway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "slipway.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ include "slipway.serviceName" .key }}
{{- end }}

{{/* Argument: dict root, key. */}}
{{- define "slipway.labels" -}}
{{ include "slipway.commonLabels" .root }}
{{ include "slipway.selectorLabels" . }}
{{- end }}

{{/* Labels of objects that belong to the release as a whole. */}}
{{- define "slipway.releaseLabels" -}}
{{ include "slipway.commonLabels" . }}
app.kubernetes.io/name: {{ include "slipway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* Image reference: a digest wins over a tag. Argument: dict root, key. */}}
{{- define "slipway.image" -}}
{{- $svc := index .root.Values .key }}
{{- $repository := $svc.image.repository }}
{{- if .root.Values.image.registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" .root.Values.image.registry) $repository }}
{{- end }}
{{- if $svc.image.digest }}
{{- printf "%s@%s" $repository $svc.image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (default (default .root.Chart.AppVersion .root.Values.image.tag) $svc.image.tag) }}
{{- end }}
{{- end }}

{{/* Whether the service talks to the Kubernetes API. Argument: the key. */}}
{{- define "slipway.usesKubernetesApi" -}}
{{- if has . (list "deploy" "secrets" "backup") }}true{{ end }}
{{- end }}

{{/*
Configuration.
*/}}

{{/* An environment variable read from a Secret key. Argument: dict name, secret (name), key. */}}
{{- define "slipway.secretEnv" -}}
- name: {{ .name }}
  valueFrom:
    secretKeyRef:
      name: {{ required (printf "a Secret name for %s" .name) .secret | quote }}
      key: {{ required (printf "a Secret key for %s" .name) .key | quote }}
{{- end }}

{{/* A plain environment variable. Argument: dict name, value. */}}
{{- define "slipway.env" -}}
- name: {{ .name }}
  value: {{ .value | toString | quote }}
{{- end }}

{{/* JDBC URL of Slipway's PostgreSQL database. */}}
{{- define "slipway.jdbcUrl" -}}
{{- $pg := .Values.postgresql }}
{{- $url := printf "jdbc:postgresql://%s:%v/%s" $pg.host $pg.port $pg.database }}
{{- if $pg.sslMode }}
{{- $url = printf "%s?sslmode=%s" $url $pg.sslMode }}
{{- end }}
{{- $url }}
{{- end }}

{{/* Whether the service serves an HTTP API behind bearer tokens. Argument: the key. */}}
{{- define "slipway.servesApi" -}}
{{- if has . (list "gateway" "secrets" "backup") }}true{{ end }}
{{- end }}

{{/* API tokens (shared api-auth keys): name.role plain, name.sha256 from a Secret, and the tokens file. */}}
{{- define "slipway.apiTokenEnv" -}}
{{- range .Values.apiTokens.tokens }}
{{ include "slipway.env" (dict "name" (printf "SLIPWAY_API_TOKENS_%s_ROLE" (upper .name)) "value" .role) }}
{{ include "slipway.secretEnv" (dict "name" (printf "SLIPWAY_API_TOKENS_%s_SHA256" (upper .name)) "secret" .sha256Secret.name "key" .sha256Secret.key) }}
{{- end }}
{{- if .Values.apiTokens.fileSecret.name }}
{{ include "slipway.env" (dict "name" "SLIPWAY_API_TOKENS_FILE" "value" "/etc/slipway/api-tokens/tokens") }}
{{- end }}
{{- end }}

{{/* Kafka client settings every service shares (Quarkus maps KAFKA_* to the kafka.* client properties). */}}
{{- define "slipway.kafkaEnv" -}}
{{- $kafka := .Values.kafka }}
{{ include "slipway.env" (dict "name" "KAFKA_BOOTSTRAP_SERVERS" "value" $kafka.bootstrapServers) }}
{{- if ne $kafka.securityProtocol "PLAINTEXT" }}
{{ include "slipway.env" (dict "name" "KAFKA_SECURITY_PROTOCOL" "value" $kafka.securityProtocol) }}
{{- end }}
{{- if $kafka.sasl.mechanism }}
{{ include "slipway.env" (dict "name" "KAFKA_SASL_MECHANISM" "value" $kafka.sasl.mechanism) }}
{{- end }}
{{- if $kafka.sasl.jaasConfigSecret.name }}
{{ include "slipway.secretEnv" (dict "name" "KAFKA_SASL_JAAS_CONFIG" "secret" $kafka.sasl.jaasConfigSecret.name "key" $kafka.sasl.jaasConfigSecret.key) }}
{{- end }}
{{- if $kafka.tls.caSecret.name }}
{{ include "slipway.env" (dict "name" "KAFKA_SSL_TRUSTSTORE_TYPE" "value" "PEM") }}
{{ include "slipway.env" (dict "name" "KAFKA_SSL_TRUSTSTORE_LOCATION" "value" "/etc/slipway/kafka-ca/ca.crt") }}
{{- end }}
{{- end }}

{{/* Each service's own variables; every name is one of the keys its README documents. */}}

{{- define "slipway.env.gateway" -}}
{{- $v := .Values.gateway }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_GATEWAY_SECRET_KEY" "secret" $v.secretKey.secretName "key" $v.secretKey.key) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_GATEWAY_DB_URL" "value" (include "slipway.jdbcUrl" .)) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_GATEWAY_DB_USER" "secret" $v.database.credentialsSecret.name "key" $v.database.credentialsSecret.usernameKey) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_GATEWAY_DB_PASSWORD" "secret" $v.database.credentialsSecret.name "key" $v.database.credentialsSecret.passwordKey) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_GATEWAY_DB_POOL_SIZE" "value" $v.database.poolSize) }}
{{- end }}

{{- define "slipway.env.build" -}}
{{- $v := .Values.build }}
{{- $registry := .Values.registry }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_REGISTRY_ADDRESS" "value" $registry.address) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_REGISTRY_NAMESPACE" "value" $registry.imageNamespace) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_REGISTRY_INSECURE" "value" $registry.insecure) }}
{{- if $registry.credentialsSecret.name }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BUILD_REGISTRY_USERNAME" "secret" $registry.credentialsSecret.name "key" $registry.credentialsSecret.usernameKey) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BUILD_REGISTRY_PASSWORD" "secret" $registry.credentialsSecret.name "key" $registry.credentialsSecret.passwordKey) }}
{{- end }}
{{- if $v.git.credentialsSecret.name }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BUILD_GIT_USERNAME" "secret" $v.git.credentialsSecret.name "key" $v.git.credentialsSecret.usernameKey) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BUILD_GIT_PASSWORD" "secret" $v.git.credentialsSecret.name "key" $v.git.credentialsSecret.passwordKey) }}
{{- end }}
{{- if $v.git.sshSecret.name }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_GIT_SSH_PRIVATE_KEY_FILE" "value" "/etc/slipway/git-ssh/id") }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_GIT_SSH_KNOWN_HOSTS_FILE" "value" "/etc/slipway/git-ssh/known_hosts") }}
{{- if $v.git.sshSecret.passphraseKey }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BUILD_GIT_SSH_PASSPHRASE" "secret" $v.git.sshSecret.name "key" $v.git.sshSecret.passphraseKey) }}
{{- end }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_CONCURRENCY" "value" $v.concurrency) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_WORK_DIRECTORY" "value" "/var/lib/slipway-build/work") }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BUILD_CACHE_DIRECTORY" "value" "/var/lib/slipway-build/cache") }}
{{- end }}

{{- define "slipway.env.chart" -}}
{{- $registry := .Values.registry }}
{{ include "slipway.env" (dict "name" "SLIPWAY_CHART_REGISTRY" "value" $registry.address) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_CHART_REPOSITORY_PATH" "value" $registry.chartsPath) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_CHART_PLAIN_HTTP" "value" $registry.insecure) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_CHART_WORK_DIR" "value" "/tmp/slipway-chart") }}
{{- end }}

{{- define "slipway.env.deploy" -}}
{{- $v := .Values.deploy }}
{{ include "slipway.env" (dict "name" "SLIPWAY_DEPLOY_HELM_PLAIN_HTTP" "value" .Values.registry.insecure) }}
{{- if $v.kubeVersion }}
{{ include "slipway.env" (dict "name" "SLIPWAY_DEPLOY_HELM_KUBE_VERSION" "value" $v.kubeVersion) }}
{{- end }}
{{- if $v.prometheusUrl }}
{{ include "slipway.env" (dict "name" "SLIPWAY_DEPLOY_PROMETHEUS_URL" "value" $v.prometheusUrl) }}
{{- end }}
{{- if $v.gatewayParentRefs }}
{{ include "slipway.env" (dict "name" "SLIPWAY_DEPLOY_GATEWAY_PARENT_REFS" "value" (join "," $v.gatewayParentRefs)) }}
{{- end }}
{{- end }}

{{- define "slipway.env.secrets" -}}
{{- $v := .Values.secrets }}
{{ include "slipway.env" (dict "name" "QUARKUS_DATASOURCE_JDBC_URL" "value" (include "slipway.jdbcUrl" .)) }}
{{ include "slipway.secretEnv" (dict "name" "QUARKUS_DATASOURCE_USERNAME" "secret" $v.database.credentialsSecret.name "key" $v.database.credentialsSecret.usernameKey) }}
{{ include "slipway.secretEnv" (dict "name" "QUARKUS_DATASOURCE_PASSWORD" "secret" $v.database.credentialsSecret.name "key" $v.database.credentialsSecret.passwordKey) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_SECRETS_KEK_ACTIVE" "value" $v.kek.activeId) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_SECRETS_KEK_FILE" "value" "/etc/slipway/kek/keyring") }}
{{- if $v.sealingKeySecret.name }}
{{ include "slipway.env" (dict "name" "SLIPWAY_SECRETS_SEALING_PRIVATE_KEY_FILE" "value" "/etc/slipway/sealing/sealing-key.pem") }}
{{- end }}
{{- end }}

{{- define "slipway.env.backup" -}}
{{- $v := .Values.backup }}
{{- $s3 := .Values.s3 }}
{{- if $s3.endpoint }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_S3_ENDPOINT" "value" $s3.endpoint) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_S3_REGION" "value" $s3.region) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_S3_BUCKET" "value" $s3.bucket) }}
{{- if $s3.prefix }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_S3_PREFIX" "value" $s3.prefix) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_S3_PATH_STYLE" "value" $s3.pathStyle) }}
{{- if $s3.credentialsSecret.name }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BACKUP_S3_ACCESS_KEY" "secret" $s3.credentialsSecret.name "key" $s3.credentialsSecret.accessKeyKey) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BACKUP_S3_SECRET_KEY" "secret" $s3.credentialsSecret.name "key" $s3.credentialsSecret.secretKeyKey) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_ENCRYPTION_KEY_ID" "value" $v.encryption.keyId) }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BACKUP_ENCRYPTION_KEY" "secret" $v.encryption.keySecret.name "key" $v.encryption.keySecret.key) }}
{{- range $v.encryption.previousKeys }}
{{ include "slipway.secretEnv" (dict "name" (printf "SLIPWAY_BACKUP_ENCRYPTION_PREVIOUS_KEYS_%s" (upper .id)) "secret" .secret.name "key" .secret.key) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_POSTGRES_BIN_DIR" "value" $v.postgresBinDir) }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_CONCURRENCY" "value" $v.concurrency) }}
{{- if $v.drill.host }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_DRILL_HOST" "value" $v.drill.host) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_DRILL_PORT" "value" $v.drill.port) }}
{{- if $v.drill.user }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_DRILL_USER" "value" $v.drill.user) }}
{{- end }}
{{ include "slipway.env" (dict "name" "SLIPWAY_BACKUP_DRILL_DATABASE" "value" $v.drill.database) }}
{{- if $v.drill.passwordSecret.name }}
{{ include "slipway.secretEnv" (dict "name" "SLIPWAY_BACKUP_DRILL_PASSWORD" "secret" $v.drill.passwordSecret.name "key" $v.drill.passwordSecret.key) }}
{{- end }}
{{- range $v.staticDatabases }}
{{- $prefix := printf "SLIPWAY_BACKUP_STATIC_%s" (upper .name) }}
{{ include "slipway.env" (dict "name" (printf "%s_HOST" $prefix) "value" .host) }}
{{ include "slipway.env" (dict "name" (printf "%s_PORT" $prefix) "value" (default 5432 .port)) }}
{{ include "slipway.env" (dict "name" (printf "%s_NAME" $prefix) "value" .database) }}
{{ include "slipway.env" (dict "name" (printf "%s_USER" $prefix) "value" .user) }}
{{ include "slipway.secretEnv" (dict "name" (printf "%s_PASSWORD" $prefix) "secret" .passwordSecret.name "key" .passwordSecret.key) }}
{{- if .schedule }}
{{ include "slipway.env" (dict "name" (printf "%s_SCHEDULE" $prefix) "value" .schedule) }}
{{- end }}
{{- if .retentionDays }}
{{ include "slipway.env" (dict "name" (printf "%s_RETENTION_DAYS" $prefix) "value" .retentionDays) }}
{{- end }}
{{- if .verify }}
{{ include "slipway.env" (dict "name" (printf "%s_VERIFY" $prefix) "value" .verify) }}
{{- end }}
{{- if .probeQuery }}
{{ include "slipway.env" (dict "name" (printf "%s_PROBE_QUERY" $prefix) "value" .probeQuery) }}
{{- end }}
{{- end }}
{{- end }}

{{/* Volumes of each service beyond /tmp and the Kafka CA. */}}

{{- define "slipway.volumes.build" -}}
- name: build-work
  emptyDir:
    sizeLimit: {{ .Values.build.workVolume.sizeLimit }}
- name: build-cache
  emptyDir:
    sizeLimit: {{ .Values.build.cacheVolume.sizeLimit }}
{{- with .Values.build.git.sshSecret }}
{{- if .name }}
- name: git-ssh
  secret:
    secretName: {{ .name | quote }}
    defaultMode: 0440
    items:
      - key: {{ .privateKeyKey | quote }}
        path: id
      - key: {{ .knownHostsKey | quote }}
        path: known_hosts
{{- end }}
{{- end }}
{{- end }}

{{- define "slipway.volumeMounts.build" -}}
- name: build-work
  mountPath: /var/lib/slipway-build/work
- name: build-cache
  mountPath: /var/lib/slipway-build/cache
{{- if .Values.build.git.sshSecret.name }}
- name: git-ssh
  mountPath: /etc/slipway/git-ssh
  readOnly: true
{{- end }}
{{- end }}

{{- define "slipway.volumes.secrets" -}}
{{- $v := .Values.secrets }}
- name: kek
  secret:
    secretName: {{ $v.kek.keyringSecret.name | quote }}
    defaultMode: 0440
    items:
      - key: {{ $v.kek.keyringSecret.key | quote }}
        path: keyring
{{- if $v.sealingKeySecret.name }}
- name: sealing-key
  secret:
    secretName: {{ $v.sealingKeySecret.name | quote }}
    defaultMode: 0440
    items:
      - key: {{ $v.sealingKeySecret.key | quote }}
        path: sealing-key.pem
{{- end }}
{{- end }}

{{- define "slipway.volumeMounts.secrets" -}}
{{- $v := .Values.secrets }}
- name: kek
  mountPath: /etc/slipway/kek
  readOnly: true
{{- if $v.sealingKeySecret.name }}
- name: sealing-key
  mountPath: /etc/slipway/sealing
  readOnly: true
{{- end }}
{{- end }}

{{/*
NetworkPolicy rules.
*/}}

{{/* An egress rule to `to` (any destination when empty) on TCP `ports`. Argument: dict to, ports. */}}
{{- define "slipway.egressRule" -}}
- ports:
  {{- range .ports }}
    - port: {{ . }}
      protocol: TCP
  {{- end }}
  {{- with .to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
