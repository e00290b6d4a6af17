package dev.slipway.secrets.service;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import io.fabric8.kubernetes.api.model.Secret;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.SecretsSynced;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.Kafka;
import dev.slipway.testkit.kafka.OutgoingEvent;
import dev.slipway.testkit.kafka.ReceivedEvent;
import dev.slipway.testkit.kubernetes.MockKubernetes;

/** What the service tests share: tokens, applications of their own, the broker and the API server. */
final class ServiceFixtures {

    static final String SRE = "sre-token-for-tests";
    static final String ADMIN = "admin-token-for-tests";
    static final String VIEWER = "viewer-token-for-tests";
    static final Duration WAIT = Duration.ofSeconds(30);

    static final CloudEventsClient KAFKA = new CloudEventsClient(Kafka.shared().bootstrapServers());

    /** A fresh application name, so tests never see each other's Secrets or events. */
    static String newApp() {
        return "shop-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String stagingNamespace(String app) {
        return app + "-staging";
    }

    static String productionNamespace(String app) {
        return app + "-prod";
    }

    static ChartPublished chartPublished(String app) {
        PipelineSpec sample = SampleEvents.spec();
        EnvironmentSpec staging = sample.environments().get(0);
        EnvironmentSpec production = sample.environments().get(1);
        List<EnvironmentSpec> environments = List.of(
                new EnvironmentSpec("staging", stagingNamespace(app), staging.strategy(), staging.canary(),
                        staging.approval(), staging.backupBefore(), staging.progressDeadlineSeconds()),
                new EnvironmentSpec("production", productionNamespace(app), production.strategy(),
                        production.canary(), production.approval(), production.backupBefore(),
                        production.progressDeadlineSeconds()));
        PipelineSpec spec = new PipelineSpec(app, sample.build(), sample.chart(), environments, null);
        ChartPublished sampleEvent = SampleEvents.chartPublished();
        return new ChartPublished(app, sampleEvent.commit(), sampleEvent.image(), sampleEvent.chart(), spec);
    }

    /** Sends {@code chart-published} for {@code app} and returns its event id. */
    static String publishChart(String app, String runId) {
        OutgoingEvent event = OutgoingEvent.of(EventTypes.CHART_PUBLISHED, app, chartPublished(app)).withRunId(runId);
        KAFKA.send(Topics.CHART_PUBLISHED, event);
        return event.id();
    }

    /** Waits for a {@code secrets-synced} of {@code app} in {@code environment} that {@code match} accepts. */
    static ReceivedEvent awaitSynced(String app, String environment, Predicate<SecretsSynced> match,
            String description) {
        return KAFKA.await(Topics.SECRETS_SYNCED, event -> app.equals(event.key())
                && EventTypes.SECRETS_SYNCED.equals(event.type())
                && environment.equals(event.payload(SecretsSynced.class).environment())
                && match.test(event.payload(SecretsSynced.class)),
                "secrets-synced of " + app + "/" + environment + " with " + description, WAIT);
    }

    static Secret secret(String namespace, String app) {
        return MockKubernetes.shared().client().secrets().inNamespace(namespace).withName(app + "-secrets").get();
    }

    static String decoded(Secret secret, String key) {
        String encoded = secret.getData().get(key);
        return encoded == null
                ? null
                : new String(java.util.Base64.getDecoder().decode(encoded),
                        java.nio.charset.StandardCharsets.UTF_8);
    }

    private ServiceFixtures() {
    }
}
