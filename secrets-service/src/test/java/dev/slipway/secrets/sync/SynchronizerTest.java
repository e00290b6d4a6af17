package dev.slipway.secrets.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.events.SecretsSynced.KeyVersion;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.secrets.crypto.Envelope;
import dev.slipway.secrets.crypto.Keys;
import dev.slipway.secrets.crypto.SecretGenerator;
import dev.slipway.secrets.store.AuditAction;
import dev.slipway.secrets.store.AuditEntry;
import dev.slipway.secrets.store.AuditLog;
import dev.slipway.secrets.store.SecretRef;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.store.TargetStore;
import dev.slipway.secrets.store.TestDatabase;
import dev.slipway.testkit.kubernetes.MockKubernetes;

class SynchronizerTest {

    private static DataSource dataSource;

    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);
    private final SecretStore store = new SecretStore(dataSource, new Envelope(Keys.keyring(Keys.kek("k1"))),
            new SecretGenerator(new SecureRandom()), Clock.systemUTC());
    private final TargetStore targets = new TargetStore(dataSource, Clock.systemUTC());
    private final AuditLog audit = new AuditLog(dataSource);
    private final List<SecretsSynced> emitted = new ArrayList<>();
    private final RunContext run = RunContext.start("run-test");

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migrated("secrets_store_test");
    }

    @Test
    void appliesExactlyTheCurrentValuesAndDropsDeletedKeys() {
        // Given an environment with a namespace and two values
        Synchronizer synchronizer = synchronizer(MockKubernetes.shared().client());
        targets.learn(app, namespaces());
        store.set(new SecretRef(app, "staging", "A"), SecretValue.of("alpha"), "alice");
        store.set(new SecretRef(app, "staging", "B"), SecretValue.of("beta"), "alice");
        assertThat(synchronizer.sync(app, "staging", run, "alice").status()).isEqualTo(SyncOutcome.Status.SYNCED);

        // When one is deleted and the environment synced again
        store.delete(new SecretRef(app, "staging", "A"), "alice");
        SyncOutcome outcome = synchronizer.sync(app, "staging", run, "alice");

        // Then the Secret holds only the other, and each sync was announced
        Secret secret = MockKubernetes.shared().client().secrets().inNamespace(app + "-ns")
                .withName(app + "-secrets").get();
        assertThat(secret.getData()).containsOnlyKeys("B");
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("B")))).isEqualTo("beta");
        assertThat(outcome.versions()).containsExactly(new KeyVersion("B", 1));
        assertThat(emitted).extracting(SecretsSynced::keys).containsExactly(
                List.of(new KeyVersion("A", 1), new KeyVersion("B", 1)), List.of(new KeyVersion("B", 1)));
        assertThat(synchronizer.sync(app, "production", run, "alice").status())
                .isEqualTo(SyncOutcome.Status.NO_TARGET);
    }

    @Test
    void anUnreachableApiServerFailsTheSyncAsUnavailableAndKeepsTheValues() {
        KubernetesClient unreachable = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1/").withConnectionTimeout(500).withRequestTimeout(500)
                .withRequestRetryBackoffLimit(0).build()).build();
        Synchronizer synchronizer = synchronizer(unreachable);
        targets.learn(app, namespaces());
        store.set(new SecretRef(app, "staging", "A"), SecretValue.of("kept-while-down"), "alice");

        SyncOutcome outcome = synchronizer.sync(app, "staging", run, "alice");

        assertThat(outcome.status()).isEqualTo(SyncOutcome.Status.FAILED);
        assertThat(outcome.reason()).isEqualTo(FailureReason.UNAVAILABLE);
        assertThat(outcome.attempts()).isEqualTo(2);
        assertThat(outcome.detail()).contains("Kubernetes API answered nothing").doesNotContain("kept-while-down");
        assertThat(emitted).isEmpty();
        assertThat(audit.list(app, 1)).extracting(AuditEntry::action).containsExactly(AuditAction.SYNC_FAILED);
        assertThat(store.snapshot(app, "staging").entries()).singleElement()
                .satisfies(e -> assertThat(e.value().reveal()).isEqualTo("kept-while-down"));
        unreachable.close();
    }

    private Synchronizer synchronizer(KubernetesClient client) {
        return new Synchronizer(store, targets, audit, new ClusterSecrets(client),
                (event, context) -> emitted.add(event), Clock.systemUTC(),
                new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20)), Duration.ofSeconds(5));
    }

    private Map<String, String> namespaces() {
        Map<String, String> namespaces = new LinkedHashMap<>();
        namespaces.put("staging", app + "-ns");
        return namespaces;
    }
}
