package dev.slipway.chart.health;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import dev.slipway.chart.config.ChartConfig;
import dev.slipway.chart.registry.ChartRegistry;
import dev.slipway.chart.registry.RegistryException;

/** Ready when the chart registry answers: without it every input would end in {@code stage-failed}. */
@Readiness
@ApplicationScoped
public class RegistryHealthCheck implements HealthCheck {

    private final ChartRegistry registry;

    @Inject
    public RegistryHealthCheck(ChartConfig config) {
        this.registry = new ChartRegistry(config.registry(), config.plainHttp(), Duration.ofSeconds(2));
    }

    @Override
    public HealthCheckResponse call() {
        try {
            registry.ping();
            return HealthCheckResponse.builder().name("chart registry").up()
                    .withData("registry", registry.address()).build();
        } catch (RegistryException e) {
            return HealthCheckResponse.builder().name("chart registry").down()
                    .withData("registry", registry.address()).withData("error", e.getMessage()).build();
        }
    }
}
