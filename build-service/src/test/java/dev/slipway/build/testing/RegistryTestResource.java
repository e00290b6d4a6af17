package dev.slipway.build.testing;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.slipway.testkit.registry.OciRegistry;

/** Points build-service at testkit's shared registry (Debian's docker-registry on 127.0.0.1). */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return Map.of("slipway.build.registry.address", OciRegistry.shared().address(),
                "slipway.build.registry.insecure", "true");
    }

    /** The shared registry outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
