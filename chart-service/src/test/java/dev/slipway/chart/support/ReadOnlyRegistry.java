package dev.slipway.chart.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.slipway.testkit.registry.OciRegistry;
import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Programs;
import dev.slipway.testkit.support.ServerProcess;

/**
 * A real docker-registry in read-only maintenance mode: it answers reads and refuses every push, as a registry does
 * whose storage is being migrated or whose write access was withdrawn.
 */
public final class ReadOnlyRegistry implements AutoCloseable {

    private final String address;
    private final ServerProcess process;

    private ReadOnlyRegistry(String address, ServerProcess process) {
        this.address = address;
        this.process = process;
    }

    public static ReadOnlyRegistry start(Path dir) {
        Path program = Programs.find(OciRegistry.PROGRAM, OciRegistry.DEBIAN_PACKAGE,
                List.of(Path.of("/usr/bin", OciRegistry.PROGRAM)));
        String address = FreePorts.LOOPBACK + ":" + FreePorts.next();
        try {
            Path config = dir.resolve("read-only-registry.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                      accesslog:
                        disabled: true
                    storage:
                      filesystem:
                        rootdirectory: %s
                      maintenance:
                        uploadpurging:
                          enabled: false
                        readonly:
                          enabled: true
                    http:
                      addr: %s
                    """.formatted(dir.resolve("storage"), address));
            ServerProcess process = ServerProcess.start("read-only docker-registry on " + address,
                    List.of(program.toString(), "serve", config.toString()), dir.resolve("registry.log"), null);
            ReadOnlyRegistry registry = new ReadOnlyRegistry(address, process);
            process.awaitReady(Duration.ofSeconds(20), registry::answers);
            return registry;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean answers() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        return client.send(HttpRequest.newBuilder(URI.create("http://" + address + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    public String address() {
        return address;
    }

    @Override
    public void close() {
        process.close();
    }
}
