package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.slipway.backup.secret.PasswordRef;
import dev.slipway.contracts.events.BackupRequested;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.contracts.spec.PipelineSpec;

class PolicyRegistryTest {

    private final PolicyRegistry registry = new PolicyRegistry();

    @Test
    void anApplicationsNewestSpecReplacesItsPolicy() {
        registry.put(app("shop", db("orders")));
        registry.put(app("shop", db("orders2")));

        assertThat(registry.forApp("shop")).singleElement()
                .extracting(p -> p.database().name()).isEqualTo("orders2");
        assertThat(registry.find("shop", null)).isPresent();
    }

    @Test
    void anApplicationCannotTakeOverAStaticPolicy() {
        registry.put(new BackupPolicy("slipway", null, db("slipway"), BackupPolicy.Source.STATIC));

        boolean taken = registry.put(app("slipway", db("slipway")));

        assertThat(taken).isFalse();
        assertThat(registry.find("slipway", "slipway")).get().extracting(BackupPolicy::source)
                .isEqualTo(BackupPolicy.Source.STATIC);
    }

    @Test
    void aChartWithoutADatabaseHasNoPolicy() {
        ChartPublished sample = SampleEvents.chartPublished();
        PipelineSpec spec = sample.spec();
        PipelineSpec noDatabase = new PipelineSpec(spec.app(), spec.build(), spec.chart(), spec.environments(), null);

        assertThat(Policies.fromChart(new ChartPublished(sample.app(), sample.commit(), sample.image(),
                sample.chart(), noDatabase))).isNull();
    }

    @Test
    void aChartsPolicyReadsThePasswordInTheLastEnvironmentsNamespace() {
        BackupPolicy policy = Policies.fromChart(SampleEvents.chartPublished());

        assertThat(policy.namespace()).isEqualTo("hello-prod");
        assertThat(Policies.password(policy, null)).isEqualTo(
                new PasswordRef.KubernetesSecret("hello-prod", "hello-secrets", "DATABASE_PASSWORD"));
    }

    @Test
    void aRequestCarriesEverythingItsOrderNeeds() {
        BackupRequested request = SampleEvents.backupRequested();

        var order = Policies.fromRequest(request, "run-7", "event-1", null);

        assertThat(order.run()).isEqualTo("run-7");
        assertThat(order.requestId()).isEqualTo("event-1");
        assertThat(order.trigger()).isEqualTo(BackupRequested.Trigger.PRE_DEPLOY);
        assertThat(order.password()).isEqualTo(
                new PasswordRef.KubernetesSecret("hello-prod", "hello-secrets", "DATABASE_PASSWORD"));
    }

    @Test
    void listsPoliciesInIdOrder() {
        registry.put(app("b", db("x")));
        registry.put(app("a", db("y")));

        assertThat(registry.all()).extracting(BackupPolicy::id).isEqualTo(List.of("a/y", "b/x"));
    }

    private static BackupPolicy app(String app, DatabaseSpec database) {
        return new BackupPolicy(app, app, database, BackupPolicy.Source.APP);
    }

    private static DatabaseSpec db(String name) {
        return new DatabaseSpec("db", 5432, name, "u", "DATABASE_PASSWORD", null, 7, DatabaseSpec.Verify.EVERY, null);
    }
}
