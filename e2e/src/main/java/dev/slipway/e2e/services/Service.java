package dev.slipway.e2e.services;

import java.nio.file.Path;

/** Slipway's six services, each a Quarkus application in the module of the same name. */
public enum Service {

    GATEWAY("gateway-service"), BUILD("build-service"), CHART("chart-service"), DEPLOY("deploy-service"), SECRETS(
            "secrets-service"), BACKUP("backup-service");

    private final String module;

    Service(String module) {
        this.module = module;
    }

    /** The module directory, also the service's name and Kafka consumer group. */
    public String module() {
        return module;
    }

    /** The runnable jar that {@code ./mvnw package} builds in the module. */
    public Path runnableJar(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /** Whether the service has an HTTP API with bearer tokens. */
    public boolean hasApi() {
        return this == GATEWAY || this == SECRETS || this == BACKUP;
    }

    /** Whether the service talks to the Kubernetes API. */
    public boolean usesKubernetes() {
        return this == DEPLOY || this == SECRETS || this == BACKUP;
    }
}
