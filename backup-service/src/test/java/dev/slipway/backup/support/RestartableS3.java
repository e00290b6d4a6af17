package dev.slipway.backup.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An s3proxy of a test's own that can be stopped and started again on the same port and the same filesystem store,
 * as a storage endpoint that goes down and comes back does. (The testkit's {@link S3#start()} deletes its store when
 * closed, which would take the evidence with it.)
 */
public final class RestartableS3 implements AutoCloseable {

    private final Path dir;
    private int port;
    private S3Proxy proxy;
    private BlobStore store;

    private RestartableS3(Path dir) {
        this.dir = dir;
    }

    /** Starts on a random port of 127.0.0.1, storing in a new directory; {@code wrap} may intercept the store. */
    public static RestartableS3 start(UnaryOperator<BlobStore> wrap) {
        try {
            RestartableS3 s3 = new RestartableS3(Files.createTempDirectory("slipway-s3-restartable-"));
            s3.run(wrap);
            return s3;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops answering; what is stored stays on disk. */
    public void stop() {
        try {
            proxy.stop();
        } catch (Exception e) {
            throw new IllegalStateException("cannot stop s3proxy", e);
        }
        store.close();
    }

    /** Starts again on the same port, over what the last run stored. */
    public void restart(UnaryOperator<BlobStore> wrap) {
        run(wrap);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The directory of the filesystem store. */
    public Path dir() {
        return dir;
    }

    /** Every file under the store's directory. */
    public List<Path> files() {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).map(dir::relativize).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public S3Client newClient() {
        return S3Client.builder().endpointOverride(endpoint()).region(Region.of(S3.REGION)).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(S3.ACCESS_KEY,
                        S3.SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
    }

    @Override
    public void close() {
        try {
            if (proxy != null && !"STOPPED".equals(proxy.getState())) {
                stop();
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a temporary directory
            }
        }
    }

    private void run(UnaryOperator<BlobStore> wrap) {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        store = BlobStores.create("filesystem", properties);
        proxy = S3Proxy.builder()
                .blobStore(wrap.apply(store))
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, S3.ACCESS_KEY, S3.SECRET_KEY)
                .jettyMaxThreads(16)
                // An outage, not a maintenance window: requests in flight are cut off, not waited for.
                .stopTimeout(0)
                .build();
        try {
            proxy.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start s3proxy on port " + port, e);
        }
        Awaitility.await("s3proxy to start").atMost(Duration.ofSeconds(60))
                .until(() -> "STARTED".equals(proxy.getState()));
        port = proxy.getPort();
    }
}
