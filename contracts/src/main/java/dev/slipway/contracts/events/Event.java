package dev.slipway.contracts.events;

/** An event payload. Every event is about one application, whose name keys its Kafka record. */
public interface Event {

    /** The application's name: the record key and the CloudEvent subject. */
    String app();
}
