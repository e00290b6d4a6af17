package dev.slipway.backup.support;

import java.util.List;

import dev.slipway.contracts.EventTypes;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.DatabaseSpec;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.contracts.spec.PipelineSpec;
import dev.slipway.testkit.kafka.CloudEventsClient;
import dev.slipway.testkit.kafka.OutgoingEvent;

/** Publishes charts whose spec names a database, as chart-service would, to teach backup-service a policy. */
public final class Charts {

    private Charts() {
    }

    /** A policy for {@code db} as its owner, the password under {@code DATABASE_PASSWORD} of the app's Secret. */
    public static DatabaseSpec database(SampleDatabase db, String schedule) {
        return new DatabaseSpec(db.postgres().host(), db.postgres().port(), db.name(), db.user(),
                "DATABASE_PASSWORD", schedule, 7, DatabaseSpec.Verify.EVERY, null);
    }

    /** Sends {@code chart-published} for {@code app}, running in {@code namespace}, with {@code database}. */
    public static void publish(CloudEventsClient events, String app, String namespace, DatabaseSpec database) {
        ChartPublished sample = SampleEvents.chartPublished();
        PipelineSpec spec = sample.spec();
        EnvironmentSpec production = new EnvironmentSpec("production", namespace, EnvironmentSpec.Strategy.ROLLING,
                null, false, true, 600);
        PipelineSpec mine = new PipelineSpec(app, spec.build(), spec.chart(), List.of(production), database);
        ChartPublished chart = new ChartPublished(app, sample.commit(), sample.image(), sample.chart(), mine);
        events.send(Topics.CHART_PUBLISHED, OutgoingEvent.of(EventTypes.CHART_PUBLISHED, app, chart)
                .withRunId("run-chart-" + app));
    }
}
