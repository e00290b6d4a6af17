package dev.slipway.backup.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.slipway.backup.storage.BackupBucket;
import dev.slipway.backup.storage.BackupKeys;
import dev.slipway.testkit.s3.S3;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/** Fresh buckets on the testkit's s3proxy, and direct access to their objects for tests that tamper with them. */
public final class Buckets {

    /** S3's smallest part but the last. */
    public static final int PART_SIZE = 5 * 1024 * 1024;
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Buckets() {
    }

    public static String create(String prefix) {
        String name = prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        S3.shared().createBucket(name);
        return name;
    }

    public static BackupBucket bucket(S3Client client, String name) {
        return new BackupBucket(client, name, new BackupKeys("backups/"), PART_SIZE);
    }

    /** Flips one bit of the object's byte at {@code position} (negative: from the end), keeping its metadata. */
    public static void flipByte(S3Client client, String bucket, String key, int position) {
        HeadObjectResponse head = client.headObject(r -> r.bucket(bucket).key(key));
        byte[] bytes = client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
        int at = position >= 0 ? position : bytes.length + position;
        bytes[at] ^= 0x01;
        Map<String, String> metadata = head.metadata();
        client.putObject(r -> r.bucket(bucket).key(key).metadata(metadata), RequestBody.fromBytes(bytes));
    }

    public static byte[] bytes(S3Client client, String bucket, String key) {
        return client.getObjectAsBytes(r -> r.bucket(bucket).key(key)).asByteArray();
    }
}
