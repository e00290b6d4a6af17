package dev.slipway.testkit.registry;

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

import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Programs;
import dev.slipway.testkit.support.ServerProcess;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;

/**
 * An OCI registry: Debian's {@code docker-registry} (the CNCF distribution registry) on a random port of 127.0.0.1,
 * plain HTTP, storing blobs in a temporary directory. Image and chart pushes need their "insecure registry" option
 * ({@code setAllowInsecureRegistries(true)} in Jib, {@code plainHttp()} in helm-java).
 */
public final class OciRegistry implements AutoCloseable {

    public static final String PROGRAM = "docker-registry";
    public static final String DEBIAN_PACKAGE = "docker-registry";

    static final String ADDRESS_PROPERTY = "slipway.testkit.registry.address";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static volatile OciRegistry shared;

    private final String address;
    private final ServerProcess process;

    private OciRegistry(String address, ServerProcess process) {
        this.address = address;
        this.process = process;
    }

    /** The registry shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized OciRegistry shared() {
        if (shared == null) {
            if (SharedServers.startedBySystemClassLoader(OciRegistry.class)) {
                shared = new OciRegistry(SharedServers.published(ADDRESS_PROPERTY), null);
            } else {
                OciRegistry registry = start();
                System.setProperty(ADDRESS_PROPERTY, registry.address());
                SharedServers.stopOnExit("registry", registry::stop);
                shared = registry;
            }
        }
        return shared;
    }

    /**
     * A registry of the caller's own; {@link #close()} it.
     *
     * @throws dev.slipway.testkit.MissingProgramException when {@code docker-registry} is not installed
     */
    public static OciRegistry start() {
        Path program = Programs.find(PROGRAM, DEBIAN_PACKAGE, List.of(Path.of("/usr/bin", PROGRAM)));
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path dir = TempDirs.create("registry");
            int port = FreePorts.next();
            String address = FreePorts.LOOPBACK + ":" + port;
            try {
                Path config = dir.resolve("config.yml");
                Files.writeString(config, config(dir.resolve("storage"), address));
                ServerProcess process = ServerProcess.start("docker-registry on " + address,
                        List.of(program.toString(), "serve", config.toString()), dir.resolve("registry.log"),
                        "rm -rf '" + dir + "'");
                OciRegistry registry = new OciRegistry(address, process);
                try {
                    process.awaitReady(STARTUP_TIMEOUT, registry::answersV2);
                    return registry;
                } catch (IllegalStateException e) {
                    process.close();
                    failure = e;
                }
            } catch (IOException e) {
                TempDirs.delete(dir);
                throw new UncheckedIOException("Cannot configure docker-registry", e);
            }
        }
        throw failure;
    }

    private static String config(Path storage, String address) {
        return """
                version: 0.1
                log:
                  level: warn
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  maintenance:
                    uploadpurging:
                      enabled: false
                http:
                  addr: %s
                """.formatted(storage, address);
    }

    private boolean answersV2() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url() + "/v2/"))
                .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
        return response.statusCode() == 200;
    }

    /** {@code 127.0.0.1:PORT}, the registry part of an image reference. */
    public String address() {
        return address;
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String url() {
        return "http://" + address;
    }

    /**
     * Stops a server of the caller's own and deletes its data. The {@linkplain #shared() shared} one ignores this: it
     * stops when the JVM exits.
     */
    @Override
    public void close() {
        if (this != shared) {
            stop();
        }
    }

    private synchronized void stop() {
        if (process != null) {
            process.close();
        }
    }

    @Override
    public String toString() {
        return "OciRegistry[" + address + "]";
    }
}
