package dev.slipway.backup.storage;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.slipway.contracts.Json;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The bucket that holds backups, and so the catalogue of them: every fact about a backup is in its key, its metadata
 * or the small objects beside it. Wraps a synchronous S3 client; every failure to reach the bucket is a
 * {@link StorageException}.
 */
public final class BackupBucket {

    /** S3's limit for a single CopyObject; larger objects are copied part by part. */
    public static final long MAX_SINGLE_COPY = 5L * 1024 * 1024 * 1024;

    private final S3Client s3;
    private final String bucket;
    private final BackupKeys keys;
    private final int partSize;
    private final long singleCopyLimit;
    /** Uploads whose abort could not reach the bucket: their parts are still stored, and billed. */
    private final Set<PendingAbort> pendingAborts = ConcurrentHashMap.newKeySet();

    private record PendingAbort(String key, String uploadId) {
    }

    /**
     * @param partSize bytes per uploaded part (at least 5 MiB for S3; the last part may be smaller)
     */
    public BackupBucket(S3Client s3, String bucket, BackupKeys keys, int partSize) {
        this(s3, bucket, keys, partSize, MAX_SINGLE_COPY);
    }

    BackupBucket(S3Client s3, String bucket, BackupKeys keys, int partSize, long singleCopyLimit) {
        this.s3 = s3;
        this.bucket = bucket;
        this.keys = keys;
        this.partSize = partSize;
        this.singleCopyLimit = singleCopyLimit;
    }

    public String name() {
        return bucket;
    }

    public BackupKeys keys() {
        return keys;
    }

    /** Starts a multipart upload to {@code key}. */
    public MultipartUpload startUpload(String key) throws StorageException {
        try {
            String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(key)
                    .contentType("application/octet-stream")).uploadId();
            MultipartUpload upload = new MultipartUpload(s3, bucket, key, uploadId, partSize,
                    (k, id) -> pendingAborts.add(new PendingAbort(k, id)));
            abortPendingQuietly();
            return upload;
        } catch (SdkException e) {
            throw new StorageException("cannot start an upload to bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /**
     * Aborts the uploads whose own abort failed because the bucket did not answer (storage down in the middle of a
     * backup), so that none of their parts stays behind.
     *
     * @return the keys whose uploads are now gone
     * @throws StorageException when the bucket still does not answer; those uploads are tried again next time
     */
    public List<String> abortFailedUploads() throws StorageException {
        List<String> aborted = new ArrayList<>();
        for (PendingAbort pending : List.copyOf(pendingAborts)) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(pending.key())
                        .uploadId(pending.uploadId()));
            } catch (S3Exception e) {
                if (e.statusCode() != 404) { // 404: NoSuchUpload, already gone
                    throw new StorageException("cannot abort the failed upload of " + pending.key() + ": "
                            + e.getMessage(), e);
                }
            } catch (SdkException e) {
                throw new StorageException("cannot abort the failed upload of " + pending.key() + ": "
                        + e.getMessage(), e);
            }
            pendingAborts.remove(pending);
            aborted.add(pending.key());
        }
        return aborted;
    }

    /** How many failed uploads still wait to be aborted. */
    public int failedUploadsPending() {
        return pendingAborts.size();
    }

    /** The bucket has just answered: a good moment to remove what an earlier outage left. */
    private void abortPendingQuietly() {
        if (pendingAborts.isEmpty()) {
            return;
        }
        try {
            abortFailedUploads();
        } catch (StorageException e) {
            // tried again by the next upload and by the retention sweep
        }
    }

    /**
     * Copies the completed upload at {@code from} to {@code to} with its final metadata, then deletes {@code from}:
     * the backup appears under its real key only once it is whole and described.
     */
    public void publish(String from, String to, long size, BackupMetadata metadata) throws StorageException {
        Map<String, String> userMetadata = metadata.toS3();
        try {
            if (size <= singleCopyLimit) {
                s3.copyObject(request -> request.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                        .destinationKey(to).metadataDirective(MetadataDirective.REPLACE).metadata(userMetadata)
                        .contentType("application/octet-stream"));
            } else {
                copyInParts(from, to, size, userMetadata);
            }
            s3.deleteObject(request -> request.bucket(bucket).key(from));
        } catch (SdkException e) {
            throw new StorageException("cannot publish backup " + to + ": " + e.getMessage(), e);
        }
    }

    private void copyInParts(String from, String to, long size, Map<String, String> userMetadata) {
        String uploadId = s3.createMultipartUpload(request -> request.bucket(bucket).key(to).metadata(userMetadata)
                .contentType("application/octet-stream")).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long copyPart = Math.max(partSize, Math.min(singleCopyLimit, 1024L * 1024 * 1024));
            for (long start = 0; start < size; start += copyPart) {
                int number = parts.size() + 1;
                String range = "bytes=" + start + "-" + (Math.min(start + copyPart, size) - 1);
                String etag = s3.uploadPartCopy(request -> request.sourceBucket(bucket).sourceKey(from)
                        .destinationBucket(bucket).destinationKey(to).uploadId(uploadId).partNumber(number)
                        .copySourceRange(range)).copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(to).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
        } catch (SdkException e) {
            try {
                s3.abortMultipartUpload(request -> request.bucket(bucket).key(to).uploadId(uploadId));
            } catch (SdkException ignored) {
                // reported through the original failure
            }
            throw e;
        }
    }

    /**
     * The object's bytes as a stream; the caller closes it. A failure to read from the bucket mid-stream is a
     * {@link StorageException} too, so it is not mistaken for damage to the backup.
     */
    public InputStream open(String key) throws StorageException {
        try {
            return new StorageInputStream(s3.getObject(request -> request.bucket(bucket).key(key)), key);
        } catch (NoSuchKeyException e) {
            throw new StorageException("no backup " + key + " in bucket " + bucket, e);
        } catch (SdkException e) {
            throw new StorageException("cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Writes a small object in one request. */
    public void put(String key, byte[] bytes) throws StorageException {
        try {
            s3.putObject(request -> request.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
        } catch (SdkException e) {
            throw new StorageException("cannot write " + key + " to bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** A small object's bytes, or empty when there is none. */
    public Optional<byte[]> read(String key) throws StorageException {
        try {
            return Optional.of(s3.getObjectAsBytes(request -> request.bucket(bucket).key(key)).asByteArray());
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (SdkException e) {
            throw new StorageException("cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Records the outcome of a restore drill beside the backup. */
    public void recordDrill(String key, DrillRecord drill) throws StorageException {
        try {
            put(key + BackupKeys.DRILL_SUFFIX, Json.MAPPER.writeValueAsBytes(drill));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a drill record", e);
        }
    }

    /** The backup at {@code key} with its metadata and drill record, or empty when there is none. */
    public Optional<StoredBackup> find(String key) throws StorageException {
        HeadObjectResponse head;
        try {
            head = s3.headObject(request -> request.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new StorageException("cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new StorageException("cannot read " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
        return Optional.of(new StoredBackup(key, head.contentLength(), BackupMetadata.fromS3(head.metadata()),
                drill(key)));
    }

    /**
     * Every complete backup under {@code prefix} (see {@link BackupKeys}), oldest first. Objects without complete
     * metadata are skipped: they are not backups.
     */
    public List<StoredBackup> list(String prefix) throws StorageException {
        List<StoredBackup> backups = new ArrayList<>();
        for (String key : listKeys(prefix, BackupKeys.DUMP_SUFFIX)) {
            try {
                find(key).ifPresent(backups::add);
            } catch (IllegalArgumentException e) {
                // foreign or damaged metadata: not a backup this catalogue knows
            }
        }
        return backups;
    }

    /** Every key under {@code prefix} ending in {@code suffix}, in key order. */
    public List<String> listKeys(String prefix, String suffix) throws StorageException {
        List<String> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                if (object.key().endsWith(suffix)) {
                    found.add(object.key());
                }
            }
        } catch (SdkException e) {
            throw new StorageException("cannot list bucket " + bucket + ": " + e.getMessage(), e);
        }
        return found;
    }

    /** Every key under {@code prefix} ending in {@code suffix} last modified before {@code before}. */
    public List<String> listKeysOlderThan(String prefix, String suffix, Instant before) throws StorageException {
        List<String> found = new ArrayList<>();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(request -> request.bucket(bucket).prefix(prefix))
                    .contents()) {
                if (object.key().endsWith(suffix) && object.lastModified().isBefore(before)) {
                    found.add(object.key());
                }
            }
        } catch (SdkException e) {
            throw new StorageException("cannot list bucket " + bucket + ": " + e.getMessage(), e);
        }
        return found;
    }

    /**
     * Aborts multipart uploads under {@code prefix} started before {@code before}: those a crashed or cut-off
     * backup could not abort itself.
     *
     * @return the keys whose uploads were aborted
     */
    public List<String> abortUploadsOlderThan(String prefix, Instant before) throws StorageException {
        List<String> aborted = new ArrayList<>();
        try {
            for (software.amazon.awssdk.services.s3.model.MultipartUpload upload : s3
                    .listMultipartUploadsPaginator(request -> request.bucket(bucket)
                            .prefix(prefix))
                    .uploads()) {
                if (upload.initiated() != null && upload.initiated().isBefore(before)) {
                    s3.abortMultipartUpload(request -> request.bucket(bucket).key(upload.key())
                            .uploadId(upload.uploadId()));
                    aborted.add(upload.key());
                }
            }
        } catch (SdkException e) {
            throw new StorageException("cannot clean uploads in bucket " + bucket + ": " + e.getMessage(), e);
        }
        return aborted;
    }

    /** Deletes a backup and the objects beside it. */
    public void delete(String key) throws StorageException {
        Set<String> doomed = new HashSet<>(List.of(key, key + BackupKeys.DRILL_SUFFIX,
                key + BackupKeys.CENSUS_SUFFIX));
        try {
            for (String k : doomed) {
                s3.deleteObject(request -> request.bucket(bucket).key(k));
            }
        } catch (SdkException e) {
            throw new StorageException("cannot delete " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    /** Deletes a single object (a stale partial upload). */
    public void deleteObject(String key) throws StorageException {
        try {
            s3.deleteObject(request -> request.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw new StorageException("cannot delete " + key + " from bucket " + bucket + ": " + e.getMessage(), e);
        }
    }

    private static final class StorageInputStream extends FilterInputStream {

        private final String key;

        StorageInputStream(InputStream in, String key) {
            super(in);
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException | SdkException e) {
                throw new StorageException("reading " + key + " failed: " + e.getMessage(), e);
            }
        }

        @Override
        public int read(byte[] bytes, int offset, int length) throws IOException {
            try {
                return super.read(bytes, offset, length);
            } catch (IOException | SdkException e) {
                throw new StorageException("reading " + key + " failed: " + e.getMessage(), e);
            }
        }
    }

    private DrillRecord drill(String key) throws StorageException {
        Optional<byte[]> bytes = read(key + BackupKeys.DRILL_SUFFIX);
        if (bytes.isEmpty()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(bytes.get(), DrillRecord.class);
        } catch (IOException e) {
            return new DrillRecord(false, null, 0, 0, null, "unreadable drill record");
        }
    }
}
