package dev.slipway.backup.dump;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.BackupException;
import dev.slipway.backup.BackupException.Problem;
import dev.slipway.backup.crypto.Keyring;
import dev.slipway.backup.policy.BackupPolicy;
import dev.slipway.backup.policy.RetentionRules;
import dev.slipway.backup.policy.RetentionSweep;
import dev.slipway.backup.postgres.PostgresTools;
import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.backup.support.Buckets;
import dev.slipway.backup.support.Keys;
import dev.slipway.backup.support.RestartableS3;
import dev.slipway.backup.support.SampleDatabase;
import dev.slipway.contracts.spec.DatabaseSpec;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The storage endpoint goes away in the middle of a backup's upload and comes back later: the backup fails as
 * {@code storage down}, and once the endpoint answers again nothing of it remains: no object, no upload, no part on
 * the store's disk.
 */
class StorageOutageTest {

    private static final String BUCKET = "outage-bucket";
    /** About 14 MiB of dump: the upload is in its second 5 MiB part while pg_dump is still writing. */
    private static final int PAYLOAD_ROWS = 100_000;

    private static SampleDatabase db;
    private static ExecutorService executor;

    @BeforeAll
    static void database() {
        db = SampleDatabase.create("outage").addPayload(PAYLOAD_ROWS, 8);
        executor = Executors.newSingleThreadExecutor();
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @Test
    void storageStoppedMidUploadLeavesNoObjectAndNoOrphanPartsOnceItIsBack() throws Exception {
        SecondPartGate gate = new SecondPartGate();
        try (RestartableS3 s3 = RestartableS3.start(gate::around); S3Client client = s3.newClient()) {
            client.createBucket(r -> r.bucket(BUCKET));
            BackupBucket bucket = Buckets.bucket(client, BUCKET);
            Dumper dumper = new Dumper(new PostgresTools(SampleDatabase.binDir(), Duration.ofSeconds(5)), bucket,
                    Keyring.of(Keys.random("k")), Clock.systemUTC(), Duration.ofMinutes(2));
            CompletableFuture<DumpResult> backup = CompletableFuture.supplyAsync(() -> {
                try {
                    return dumper.dump(new DumpRequest("outage", null, "run-outage", null, "MANUAL", db.target()));
                } catch (BackupException e) {
                    throw new CompletionException(e);
                }
            }, executor);

            // When the first part is stored and the second on its way, the endpoint goes down.
            assertThat(gate.secondPartArrived.await(2, TimeUnit.MINUTES)).isTrue();
            s3.stop();
            gate.release.countDown();

            assertThatThrownBy(backup::join).hasCauseInstanceOf(BackupException.class).cause()
                    .satisfies(e -> assertThat(((BackupException) e).problem()).isEqualTo(Problem.STORAGE_UNAVAILABLE))
                    .hasMessageContaining("part 2");
            assertThat(bucket.failedUploadsPending()).isEqualTo(1);

            // Back on the same port over the same disk: the cut-off upload is still there, part 1 and all.
            s3.restart(store -> store);
            String partial = bucket.keys().database("outage", db.name());
            assertThat(client.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).singleElement()
                    .satisfies(upload -> assertThat(upload.key()).startsWith(partial)
                            .endsWith(BackupKeys.DUMP_SUFFIX + BackupKeys.PARTIAL_SUFFIX));
            assertThat(partFiles(s3)).isNotEmpty();

            List<String> swept = new RetentionSweep(bucket, RetentionRules.ageOnly(), Duration.ofDays(1))
                    .sweep(policy(), Instant.now());

            assertThat(swept).singleElement().satisfies(key -> assertThat(key).endsWith(BackupKeys.PARTIAL_SUFFIX));
            assertThat(bucket.failedUploadsPending()).isZero();
            assertThat(client.listMultipartUploads(r -> r.bucket(BUCKET)).uploads()).isEmpty();
            assertThat(bucket.listKeys("", "")).isEmpty();
            assertThat(partFiles(s3)).isEmpty();
            assertThat(s3.files()).isEmpty();
        }
    }

    private static List<Path> partFiles(RestartableS3 s3) {
        return s3.files().stream().filter(p -> p.toString().contains(".mpus-")).toList();
    }

    private static BackupPolicy policy() {
        return new BackupPolicy("outage", "outage", new DatabaseSpec(db.postgres().host(), db.postgres().port(),
                db.name(), db.user(), "DATABASE_PASSWORD", null, 7, DatabaseSpec.Verify.EVERY, null),
                BackupPolicy.Source.APP);
    }

    /** Holds the second part of any upload until released, then fails it: it never reaches the disk. */
    static final class SecondPartGate {
        final CountDownLatch secondPartArrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        BlobStore around(BlobStore store) {
            return new ForwardingBlobStore(store) {
                @Override
                public UploadPartResponse uploadMultipartPart(MultipartUpload upload, UploadPartRequest request,
                        InputStream input) {
                    if (request.partNumber() >= 2) {
                        secondPartArrived.countDown();
                        try {
                            release.await(2, TimeUnit.MINUTES);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        throw new IllegalStateException("the endpoint went down during part " + request.partNumber());
                    }
                    return super.uploadMultipartPart(upload, request, input);
                }
            };
        }
    }
}
