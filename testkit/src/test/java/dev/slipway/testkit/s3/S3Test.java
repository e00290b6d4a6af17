package dev.slipway.testkit.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

class S3Test {

    @Test
    void putsAndGetsObjectWithMetadata() {
        // Given a bucket
        S3 s3 = S3.shared();
        s3.createBucket("slipway-backups");
        s3.createBucket("slipway-backups");

        // and a client configured as a service would configure its own
        try (S3Client client = S3Client.builder()
                .endpointOverride(s3.endpoint())
                .region(Region.of(s3.region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(s3.accessKey(), s3.secretKey())))
                .build()) {
            // When an object is put
            client.putObject(request -> request.bucket("slipway-backups").key("shop/2024-01-01.dump")
                    .metadata(Map.of("run-id", "run-1")),
                    RequestBody.fromString("pg_dump bytes", StandardCharsets.UTF_8));

            // Then it reads back with its metadata
            ResponseBytes<GetObjectResponse> object = client.getObjectAsBytes(
                    request -> request.bucket("slipway-backups").key("shop/2024-01-01.dump"));
            assertThat(object.asUtf8String()).isEqualTo("pg_dump bytes");
            assertThat(object.response().metadata()).containsEntry("run-id", "run-1");
        }
        try (S3Client client = s3.newClient()) {
            assertThat(client.listObjectsV2(request -> request.bucket("slipway-backups")).contents())
                    .singleElement().satisfies(o -> assertThat(o.key()).isEqualTo("shop/2024-01-01.dump"));
        }
    }
}
