package dev.slipway.e2e.services;

import java.time.Duration;

/**
 * The timing settings a local installation changes from the services' production defaults.
 *
 * @param deployTick how often deploy-service looks for due steps
 * @param canaryIntervalUnit the length of one second of a spec's canary interval
 * @param jvmOptions options of each service's JVM
 */
public record Tuning(Duration deployTick, Duration canaryIntervalUnit, String jvmOptions) {

    /** Lean JVMs (six of them share the machine with the servers), C1 only for a quick start. */
    public static final String LEAN_JVM = "-Xmx256m -XX:+UseSerialGC -Xss512k -XX:TieredStopAtLevel=1";

    /** Real time: a spec's {@code interval: 5s} holds each canary step for five seconds. */
    public static Tuning realTime() {
        return new Tuning(Duration.ofMillis(500), Duration.ofSeconds(1), LEAN_JVM);
    }

    /** For the end-to-end test: canary intervals at half their length, a fast deploy worker. */
    public static Tuning fast() {
        return new Tuning(Duration.ofMillis(200), Duration.ofMillis(500), LEAN_JVM);
    }
}
