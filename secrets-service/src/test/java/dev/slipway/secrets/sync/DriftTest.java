package dev.slipway.secrets.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;

import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;
import dev.slipway.secrets.store.Snapshot;

class DriftTest {

    private final Snapshot snapshot = new Snapshot("shop", "staging", List.of(
            new Snapshot.Entry("API_TOKEN", 3, SecretValue.of("token-value")),
            new Snapshot.Entry("DB_PASSWORD", 1, SecretValue.of("password-value"))));

    @Test
    void theManifestHoldsExactlyTheValuesAndLabelsItAsSlipways() {
        Secret secret = SecretManifest.build("shop-staging", snapshot);

        assertThat(secret.getMetadata().getName()).isEqualTo("shop-secrets");
        assertThat(secret.getMetadata().getNamespace()).isEqualTo("shop-staging");
        assertThat(secret.getMetadata().getLabels()).containsEntry("app.kubernetes.io/managed-by", "slipway")
                .containsEntry("slipway.dev/app", "shop").containsEntry("slipway.dev/environment", "staging");
        assertThat(secret.getMetadata().getAnnotations())
                .containsEntry(SecretManifest.VERSIONS_ANNOTATION, "API_TOKEN=3,DB_PASSWORD=1")
                .containsEntry(SecretManifest.CHECKSUM_ANNOTATION, snapshot.checksum());
        assertThat(secret.getData()).containsOnlyKeys("API_TOKEN", "DB_PASSWORD");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("DB_PASSWORD"))))
                .isEqualTo("password-value");
        assertThat(Drift.between(secret, snapshot).none()).isTrue();
    }

    @Test
    void theChecksumCoversKeysAndVersionsOnly() {
        String checksum = snapshot.checksum();
        Snapshot sameVersionsOtherValues = new Snapshot("shop", "staging", List.of(
                new Snapshot.Entry("API_TOKEN", 3, SecretValue.of("other")),
                new Snapshot.Entry("DB_PASSWORD", 1, SecretValue.of("other"))));

        assertThat(sameVersionsOtherValues.checksum()).isEqualTo(checksum);
        assertThat(Snapshot.checksum(List.of(new KeyVersion("API_TOKEN", 4), new KeyVersion("DB_PASSWORD", 1))))
                .isNotEqualTo(checksum);
        assertThat(Snapshot.checksum(List.of(new KeyVersion("DB_PASSWORD", 1), new KeyVersion("API_TOKEN", 3))))
                .isEqualTo(checksum);
    }

    @Test
    void namesChangedRemovedAndAddedKeysButNoValue() {
        Secret edited = SecretManifest.build("shop-staging", snapshot);
        edited.getData().put("DB_PASSWORD", Base64.getEncoder().encodeToString("tampered".getBytes()));
        edited.getData().remove("API_TOKEN");
        edited.getData().put("EXTRA", "eA==");
        edited.getMetadata().getLabels().remove("app.kubernetes.io/managed-by");

        Drift drift = Drift.between(edited, snapshot);

        assertThat(drift.changed()).containsExactly("DB_PASSWORD");
        assertThat(drift.absent()).containsExactly("API_TOKEN");
        assertThat(drift.extra()).containsExactly("EXTRA");
        assertThat(drift.metadata()).isTrue();
        assertThat(drift.describe()).isEqualTo(
                "changed DB_PASSWORD; removed API_TOKEN; added EXTRA; labels or annotations changed")
                .doesNotContain("tampered").doesNotContain("password-value");
        assertThat(Drift.between(null, snapshot).describe()).isEqualTo("Secret was missing");
    }
}
