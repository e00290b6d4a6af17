package dev.slipway.e2e.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.testkit.s3.S3;

/**
 * S3 for the local run: s3proxy with its filesystem store (testkit's {@link S3}) in a process of its own. Run as a
 * program, it starts the endpoint, creates the bucket named by its argument and prints {@value #READY} and the
 * endpoint; it stops when the process is terminated.
 */
public final class S3Server implements AutoCloseable {

    static final String READY = "S3 READY ";

    private final ChildProcess process;

    private S3Server(ChildProcess process) {
        this.process = process;
    }

    public static void main(String[] args) throws InterruptedException {
        S3 s3 = S3.start();
        Runtime.getRuntime().addShutdownHook(new Thread(s3::close, "s3-stop"));
        for (String bucket : args) {
            s3.createBucket(bucket);
        }
        System.out.println(READY + s3.endpoint());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** Starts the process with {@code bucket} created and waits for its endpoint. */
    public static S3Server start(Path dir, String bucket) {
        ChildProcess process = ChildProcess.start("s3proxy", List.of(KafkaBroker.java(), "-Xmx192m",
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + dir, "-cp",
                KafkaBroker.classPath(), S3Server.class.getName(), bucket), Map.of(), dir,
                dir.resolve("s3proxy.log"));
        try {
            process.awaitReady(Duration.ofMinutes(2), () -> process.logContains(READY));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return new S3Server(process);
    }

    /** {@code http://127.0.0.1:PORT}, read from the process's output. */
    public String endpoint() {
        try (var lines = Files.lines(process.log())) {
            return lines.filter(line -> line.startsWith(READY)).findFirst()
                    .map(line -> line.substring(READY.length()).strip())
                    .orElseThrow(() -> new IllegalStateException("s3proxy did not report its endpoint"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChildProcess process() {
        return process;
    }

    @Override
    public void close() {
        process.close();
    }
}
