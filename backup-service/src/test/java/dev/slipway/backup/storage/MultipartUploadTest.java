package dev.slipway.backup.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Random;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.slipway.backup.support.Buckets;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.services.s3.S3Client;

class MultipartUploadTest {

    private static S3Client client;
    private static String name;
    private static BackupBucket bucket;

    @BeforeAll
    static void bucket() {
        client = S3.shared().newClient();
        name = Buckets.create("uploads");
        bucket = Buckets.bucket(client, name);
    }

    @AfterAll
    static void close() {
        client.close();
    }

    @Test
    void uploadsAStreamLargerThanOnePartInParts() throws IOException {
        byte[] data = new byte[2 * Buckets.PART_SIZE + 12_345];
        new Random(1).nextBytes(data);

        try (MultipartUpload upload = bucket.startUpload("big.bin")) {
            for (int offset = 0; offset < data.length; offset += 65_536) {
                upload.write(data, offset, Math.min(65_536, data.length - offset));
            }
            upload.complete();
            assertThat(upload.size()).isEqualTo(data.length);
        }

        try (InputStream in = bucket.open("big.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void anUploadClosedBeforeCompletionLeavesNoObjectAndNoParts() throws IOException {
        try (MultipartUpload upload = bucket.startUpload("abandoned.bin")) {
            upload.write(new byte[Buckets.PART_SIZE + 10]);
        }

        assertThat(bucket.listKeys("", "abandoned.bin")).isEmpty();
        assertThat(client.listMultipartUploads(r -> r.bucket(name)).uploads()).isEmpty();
    }

    @Test
    void publishingCopiesAnObjectLargerThanOneCopyInPartsWithItsMetadata() throws IOException {
        byte[] data = new byte[2 * Buckets.PART_SIZE + 99];
        new Random(2).nextBytes(data);
        try (MultipartUpload upload = bucket.startUpload("large.partial")) {
            upload.write(data);
            upload.complete();
        }
        BackupMetadata metadata = new BackupMetadata("app", "db", null, "run", null, "MANUAL", data.length, "ab",
                "k", "15.14", java.time.Instant.parse("2026-01-01T00:00:00Z"),
                java.time.Instant.parse("2026-01-01T00:01:00Z"), 1, 2);
        // A copy limit of one part stands in for S3's 5 GiB limit on a single CopyObject.
        BackupBucket small = new BackupBucket(client, name, bucket.keys(), Buckets.PART_SIZE, Buckets.PART_SIZE);

        small.publish("large.partial", "large.dump.enc", data.length, metadata);

        try (InputStream in = bucket.open("large.dump.enc")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
        assertThat(bucket.find("large.dump.enc")).get().extracting(StoredBackup::metadata).isEqualTo(metadata);
        assertThat(bucket.listKeys("", "large.partial")).isEmpty();
    }

    @Test
    void anEmptyStreamStillMakesAnObject() throws IOException {
        try (MultipartUpload upload = bucket.startUpload("empty.bin")) {
            upload.complete();
        }

        try (InputStream in = bucket.open("empty.bin")) {
            assertThat(in.readAllBytes()).isEmpty();
        }
    }
}
