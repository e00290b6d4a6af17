package dev.slipway.deploy.messaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import dev.slipway.contracts.events.ChartRef;
import dev.slipway.testkit.registry.OciRegistry;

/**
 * Pushes the test chart, as chart {@code <app>}, for each application the service tests release, to testkit's shared
 * registry, as chart-service would.
 */
public class ChartRegistryTestResource implements QuarkusTestResourceLifecycleManager {

    static final String VERSION = "0.0.0-111111111111";
    private static final String[] APPS = {"orders", "ledger", "broken"};

    static ChartRef chart(String app) {
        return new ChartRef("oci://" + OciRegistry.shared().address() + "/charts", app, VERSION, null);
    }

    @Override
    public Map<String, String> start() {
        try {
            Path work = Files.createTempDirectory("deploy-charts");
            for (String app : APPS) {
                Path chart = work.resolve(app);
                copy(Path.of("src/test/resources/charts/shop"), chart);
                Files.writeString(chart.resolve("Chart.yaml"), Files.readString(chart.resolve("Chart.yaml"))
                        .replace("name: shop", "name: " + app).replace("version: 0.1.0", "version: " + VERSION));
                Files.writeString(chart.resolve("values.yaml"), Files.readString(chart.resolve("values.yaml"))
                        .replace("app: shop", "app: " + app));
                new Helm(chart).packageIt().withDestination(work).call();
                Helm.push().withChart(work.resolve(app + "-" + VERSION + ".tgz"))
                        .withRemote(URI.create("oci://" + OciRegistry.shared().address() + "/charts")).plainHttp()
                        .call();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("slipway.deploy.helm.plain-http", "true");
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.copy(path, to.resolve(from.relativize(path).toString()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The shared registry outlives each application; it stops when the JVM exits. */
    @Override
    public void stop() {
    }
}
