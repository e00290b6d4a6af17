package dev.slipway.testkit.s3;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Poll;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;

/**
 * An S3 endpoint: s3proxy in the test JVM on a random port of 127.0.0.1, keeping objects in a temporary directory
 * (its filesystem store), checking AWS signatures (V2 or V4) against a fixed key pair. Clients must use path-style
 * addressing.
 */
public final class S3 implements AutoCloseable {

    public static final String ACCESS_KEY = "slipway-test";
    public static final String SECRET_KEY = "slipway-test-secret";
    public static final String REGION = "us-east-1";

    static final String ENDPOINT_PROPERTY = "slipway.testkit.s3.endpoint";

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static volatile S3 shared;

    private final URI endpoint;
    private final S3Proxy proxy;
    private final BlobStore store;
    private final Path dir;

    private S3(URI endpoint, S3Proxy proxy, BlobStore store, Path dir) {
        this.endpoint = endpoint;
        this.proxy = proxy;
        this.store = store;
        this.dir = dir;
    }

    /** The endpoint shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized S3 shared() {
        if (shared == null) {
            if (SharedServers.startedBySystemClassLoader(S3.class)) {
                shared = new S3(URI.create(SharedServers.published(ENDPOINT_PROPERTY)), null, null, null);
            } else {
                S3 s3 = start();
                System.setProperty(ENDPOINT_PROPERTY, s3.endpoint().toString());
                SharedServers.stopOnExit("s3", s3::stop);
                shared = s3;
            }
        }
        return shared;
    }

    /** An endpoint of the caller's own; {@link #close()} it. */
    public static S3 start() {
        return SharedServers.withContextClassLoaderOf(S3.class, S3::startProxy);
    }

    private static S3 startProxy() {
        Path dir = TempDirs.create("s3");
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", dir.toString());
        BlobStore store = BlobStores.create("filesystem", properties);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(store)
                .endpoint(URI.create("http://" + FreePorts.LOOPBACK + ":0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .jettyMaxThreads(16)
                .build();
        try {
            proxy.start();
            Poll.until("s3proxy to start", STARTUP_TIMEOUT, () -> "STARTED".equals(proxy.getState()),
                    proxy::getState);
        } catch (Exception e) {
            stopQuietly(proxy);
            TempDirs.delete(dir);
            throw new IllegalStateException("Cannot start s3proxy", e);
        }
        return new S3(URI.create("http://" + FreePorts.LOOPBACK + ":" + proxy.getPort()), proxy, store, dir);
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public String accessKey() {
        return ACCESS_KEY;
    }

    public String secretKey() {
        return SECRET_KEY;
    }

    /** {@value #REGION}; s3proxy accepts any region in signatures, the SDK needs one. */
    public String region() {
        return REGION;
    }

    /** Creates {@code bucket} (3–63 characters) unless it exists. */
    public void createBucket(String bucket) {
        try (S3Client client = newClient()) {
            client.createBucket(request -> request.bucket(bucket));
        } catch (BucketAlreadyOwnedByYouException e) {
            // already there
        }
    }

    /**
     * An AWS SDK v2 client for this endpoint: path-style addressing, static credentials, the JDK's HTTP client (so
     * that it does not depend on which SDK HTTP client a module has); the caller closes it.
     */
    public S3Client newClient() {
        return S3Client.builder()
                .endpointOverride(endpoint)
                .region(Region.of(REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY,
                        SECRET_KEY)))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build();
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
        if (proxy != null) {
            stopQuietly(proxy);
            store.close();
            TempDirs.delete(dir);
        }
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping a half-started proxy
        }
    }

    @Override
    public String toString() {
        return "S3[" + endpoint + "]";
    }
}
