package dev.slipway.backup.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * An S3 multipart upload written as a stream: bytes collect in one part-sized buffer in memory and go up as a part
 * whenever it fills, so an upload of any size never touches the local disk. {@link #complete()} makes the object;
 * {@link #abort()} throws the parts away. Closing without completing aborts.
 */
public final class MultipartUpload extends OutputStream {

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String uploadId;
    private final byte[] buffer;
    private final BiConsumer<String, String> abortFailed;
    private final List<CompletedPart> parts = new ArrayList<>();
    private int filled;
    private long size;
    private boolean finished;

    /**
     * @param abortFailed told the key and upload id when {@link #abort()} cannot reach the bucket, so that the parts
     *        can be removed once it answers again
     */
    MultipartUpload(S3Client s3, String bucket, String key, String uploadId, int partSize,
            BiConsumer<String, String> abortFailed) {
        this.s3 = s3;
        this.abortFailed = abortFailed;
        this.bucket = bucket;
        this.key = key;
        this.uploadId = uploadId;
        this.buffer = new byte[partSize];
    }

    public String key() {
        return key;
    }

    /** Bytes written so far. */
    public long size() {
        return size;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[]{(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        if (finished) {
            throw new IOException("upload of " + key + " is already finished");
        }
        while (length > 0) {
            int n = Math.min(length, buffer.length - filled);
            System.arraycopy(bytes, offset, buffer, filled, n);
            filled += n;
            offset += n;
            length -= n;
            size += n;
            if (filled == buffer.length) {
                uploadPart();
            }
        }
    }

    /** Uploads what is buffered as the last part and completes the upload. */
    public void complete() throws StorageException {
        if (finished) {
            return;
        }
        try {
            if (filled > 0 || parts.isEmpty()) {
                uploadPart();
            }
            s3.completeMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId)
                    .multipartUpload(upload -> upload.parts(parts)));
            finished = true;
        } catch (SdkException e) {
            throw new StorageException("cannot complete the upload of " + key + ": " + e.getMessage(), e);
        }
    }

    /** Aborts the upload so that no part is left behind; quiet, as it runs after another failure. */
    public void abort() {
        if (finished) {
            return;
        }
        finished = true;
        try {
            s3.abortMultipartUpload(request -> request.bucket(bucket).key(key).uploadId(uploadId));
        } catch (SdkException e) {
            // The bucket is unreachable: the parts are removed once it answers again.
            abortFailed.accept(key, uploadId);
        }
    }

    /** Aborts unless {@link #complete()} succeeded. */
    @Override
    public void close() {
        abort();
    }

    private void uploadPart() throws StorageException {
        int number = parts.size() + 1;
        try {
            UploadPartResponse response = s3.uploadPart(request -> request.bucket(bucket).key(key)
                    .uploadId(uploadId).partNumber(number).contentLength((long) filled),
                    RequestBody.fromInputStream(new ByteArrayInputStream(buffer, 0, filled), filled));
            parts.add(CompletedPart.builder().partNumber(number).eTag(response.eTag()).build());
            filled = 0;
        } catch (SdkException e) {
            throw new StorageException("cannot upload part " + number + " of " + key + ": " + e.getMessage(), e);
        }
    }
}
