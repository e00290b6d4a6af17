package dev.slipway.chart.support;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.slipway.testkit.registry.OciRegistry;

/** Points chart-service at the {@linkplain OciRegistry#shared() shared registry}, over plain http. */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of(
                "slipway.chart.registry", OciRegistry.shared().address(),
                "slipway.chart.plain-http", "true");
    }

    /** The shared registry outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
