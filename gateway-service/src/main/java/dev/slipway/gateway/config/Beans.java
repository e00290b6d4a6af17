package dev.slipway.gateway.config;

import java.time.Clock;
import java.util.UUID;
import java.util.function.Supplier;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.slipway.gateway.approval.ApprovalService;
import dev.slipway.gateway.crypto.SecretBox;
import dev.slipway.gateway.messaging.OutboxRelayJob;
import dev.slipway.gateway.messaging.SubscriptionDispatchJob;
import dev.slipway.gateway.outbox.Emission;
import dev.slipway.gateway.outbox.OutboxStore;
import dev.slipway.gateway.replay.ReplayService;
import dev.slipway.gateway.repository.RepositoryStore;
import dev.slipway.gateway.run.RunStarter;
import dev.slipway.gateway.subscription.Dispatcher;
import dev.slipway.gateway.subscription.SubscriptionStore;
import dev.slipway.gateway.subscription.WebhookSender;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.RunQueries;
import dev.slipway.gateway.timeline.TimelineRecorder;
import dev.slipway.gateway.webhook.WebhookIntake;
import dev.slipway.runtime.RetryPolicy;

/** Builds the plain-Java parts of the gateway from its configuration. */
@ApplicationScoped
public class Beans {

    /** The name of this service: the {@code /slipway/gateway-service} CloudEvent source. */
    public static final String SERVICE = "gateway-service";

    private static final Supplier<String> IDS = () -> UUID.randomUUID().toString();

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    Database database(DataSource dataSource) {
        return new Database(dataSource);
    }

    @Produces
    @Singleton
    SecretBox secretBox(GatewayConfig config) {
        return SecretBox.ofBase64(config.secretKey());
    }

    @Produces
    @Singleton
    SubscriptionStore subscriptionStore(Database database, SecretBox box) {
        return new SubscriptionStore(database, box);
    }

    @Produces
    @Singleton
    EventStore eventStore(SubscriptionStore subscriptions) {
        return new EventStore(subscriptions::enqueue);
    }

    @Produces
    @Singleton
    Dispatcher dispatcher(Database database, SubscriptionStore subscriptions, EventStore events, Clock clock,
            GatewayConfig config) {
        GatewayConfig.Subscriptions settings = config.subscriptions();
        return new Dispatcher(database, subscriptions, events, new WebhookSender(settings.requestTimeout()),
                new RetryPolicy(settings.maxAttempts(), settings.initialBackoff(), settings.maxBackoff()), clock);
    }

    @Produces
    @Singleton
    OutboxStore outboxStore() {
        return new OutboxStore();
    }

    @Produces
    @Singleton
    Emission emission(EventStore events, OutboxStore outbox) {
        return new Emission(events, outbox);
    }

    @Produces
    @Singleton
    RepositoryStore repositoryStore(Database database, SecretBox box, Clock clock) {
        return new RepositoryStore(database, box, clock);
    }

    @Produces
    @Singleton
    RunStarter runStarter(Database database, Emission emission, Clock clock, OutboxRelayJob relay,
            SubscriptionDispatchJob subscriptions) {
        return new RunStarter(database, emission, SERVICE, clock, IDS, afterEmit(relay, subscriptions));
    }

    @Produces
    @Singleton
    WebhookIntake webhookIntake(RepositoryStore repositories, RunStarter runs, GatewayConfig config) {
        return new WebhookIntake(repositories, runs, config.webhooks().maxBodyBytes());
    }

    @Produces
    @Singleton
    TimelineRecorder timelineRecorder(Database database, EventStore events) {
        return new TimelineRecorder(database, events);
    }

    @Produces
    @Singleton
    RunQueries runQueries(Database database, EventStore events) {
        return new RunQueries(database, events);
    }

    @Produces
    @Singleton
    ReplayService replayService(Database database, EventStore events, Emission emission, Clock clock,
            OutboxRelayJob relay, SubscriptionDispatchJob subscriptions) {
        return new ReplayService(database, events, emission, SERVICE, clock, IDS, afterEmit(relay, subscriptions));
    }

    @Produces
    @Singleton
    ApprovalService approvalService(Database database, EventStore events, Emission emission, Clock clock,
            OutboxRelayJob relay, SubscriptionDispatchJob subscriptions) {
        return new ApprovalService(database, events, emission, SERVICE, clock, IDS, afterEmit(relay, subscriptions));
    }

    /** After the gateway emitted an event: publish it, and deliver it to subscribers. */
    private static Runnable afterEmit(OutboxRelayJob relay, SubscriptionDispatchJob subscriptions) {
        return () -> {
            relay.wake();
            subscriptions.wake();
        };
    }
}
