package dev.slipway.gateway.messaging;

import java.net.URI;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.ce.IncomingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.CeHeaders;
import dev.slipway.gateway.subscription.EventListeners;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.gateway.timeline.TimelineRecorder;
import dev.slipway.runtime.PoisonRecordException;
import dev.slipway.runtime.Retry;
import dev.slipway.runtime.RetryPolicy;
import dev.slipway.runtime.StageException;

/**
 * Reads every pipeline topic into the run timeline, through one channel ({@code timeline}) subscribed to all of them;
 * the gateway publishes to some of the same topics through its {@code outbox} channel. An unreadable record goes to
 * its own topic's dead-letter topic ({@code <topic>.dlq}); a database outage is retried before the record is given
 * up to it.
 */
@ApplicationScoped
public class TimelineConsumer {

    private static final Logger LOG = Logger.getLogger(TimelineConsumer.class);
    private static final RetryPolicy DATABASE_RETRY = RetryPolicy.defaults();

    @Inject
    TimelineRecorder recorder;

    @Inject
    EventListeners listeners;

    /** The one incoming channel: every pipeline topic, consumed by one Kafka consumer. */
    public static final String CHANNEL = "timeline";

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> consume(Message<String> message) {
        String topic = message.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getTopic)
                .orElse("unknown");
        return record(topic, message);
    }

    private CompletionStage<Void> record(String topic, Message<String> message) {
        TimelineRecorder.Incoming incoming = incoming(topic, message);
        try {
            Optional<StoredEvent> fresh = Retry.call(DATABASE_RETRY, () -> {
                try {
                    return recorder.record(incoming, Instant.now());
                } catch (Database.DatabaseException e) {
                    throw StageException.of(FailureReason.UNAVAILABLE, e.getMessage(), e);
                }
            });
            fresh.ifPresent(listeners::recorded);
            return message.ack();
        } catch (PoisonRecordException e) {
            LOG.warnf("Unreadable record on %s sent to %s: %s", topic, Topics.dlq(topic), e.getMessage());
            return deadLetter(topic, message, e);
        } catch (StageException e) {
            if (e.getCause() instanceof PoisonRecordException poison) {
                LOG.warnf("Unreadable record on %s sent to %s: %s", topic, Topics.dlq(topic), poison.getMessage());
                return deadLetter(topic, message, poison);
            }
            LOG.errorf("Cannot store event %s from %s after %d attempts; sent to %s: %s", incoming.id(), topic,
                    e.attempts(), Topics.dlq(topic), e.getMessage());
            return deadLetter(topic, message, e);
        }
    }

    /** Nacks to the dead-letter topic of the record's own topic (one channel reads them all). */
    private static CompletionStage<Void> deadLetter(String topic, Message<String> message, Throwable reason) {
        return message.nack(reason,
                Metadata.of(OutgoingKafkaRecordMetadata.builder().withTopic(Topics.dlq(topic)).build()));
    }

    private static TimelineRecorder.Incoming incoming(String topic, Message<String> message) {
        @SuppressWarnings("unchecked")
        IncomingCloudEventMetadata<Object> ce = message.getMetadata(IncomingCloudEventMetadata.class).orElse(null);
        if (ce == null) {
            return new TimelineRecorder.Incoming(topic, null, null, null, null, null, null, null, null,
                    message.getPayload());
        }
        return new TimelineRecorder.Incoming(topic, ce.getId(), ce.getType(),
                Optional.ofNullable(ce.getSource()).map(URI::toString).orElse(null), ce.getSubject().orElse(null),
                ce.getTimeStamp().map(ZonedDateTime::toInstant).orElse(null),
                extension(ce, CeHeaders.Extensions.RUN_ID), extension(ce, CeHeaders.Extensions.CAUSATION_ID),
                extension(ce, CeHeaders.Extensions.REPLAY_OF), message.getPayload());
    }

    private static String extension(IncomingCloudEventMetadata<Object> ce, String name) {
        return ce.getExtension(name).map(Object::toString).orElse(null);
    }
}
