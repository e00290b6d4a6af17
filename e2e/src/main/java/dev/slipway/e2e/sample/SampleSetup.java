package dev.slipway.e2e.sample;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;

import dev.slipway.e2e.api.SlipwayApi;
import dev.slipway.e2e.services.Infrastructure;

/**
 * Sets up the sample application as a team would: its database exists, its repository holds a first commit, the
 * repository is registered with the gateway, and the database password is set through secrets-service in both
 * environments (never in git, never in an event).
 */
public final class SampleSetup {

    public static final String APP = "hello";
    public static final String DATABASE = "hello";
    public static final String DATABASE_USER = "hello";
    public static final int ORDERS = 1000;

    private final SlipwayApi api;
    private final SampleApp sample;
    private final String webhookSecret;
    private SampleApp.Commit first;

    /**
     * @param trafficMetrics whether the sample's canary analysis queries request metrics (see {@link SampleApp})
     */
    public SampleSetup(SlipwayApi api, Infrastructure infra, Path repository, int canaryIntervalSeconds,
            boolean trafficMetrics, String webhookSecret) {
        this.api = api;
        this.webhookSecret = webhookSecret;
        this.sample = new SampleApp(APP, repository, new SampleApp.DatabaseSettings(infra.database().host(),
                infra.database().port(), DATABASE, DATABASE_USER), canaryIntervalSeconds, trafficMetrics);
    }

    public SampleApp sample() {
        return sample;
    }

    /** The commit the repository was created with. */
    public SampleApp.Commit firstCommit() {
        return first;
    }

    /** Creates the database, the repository, registers it and sets a random database password as the secret. */
    public SampleApp prepare(Infrastructure infra) {
        return prepare(infra, randomPassword());
    }

    /** Creates the database, the repository, registers it and sets {@code password} as the secret. */
    public SampleApp prepare(Infrastructure infra, String password) {
        SampleDatabase.create(infra.database(), DATABASE, DATABASE_USER, password, ORDERS);
        first = sample.create();
        api.registerRepository(sample, webhookSecret).expect(201);
        for (String environment : new String[]{SampleApp.STAGING, SampleApp.PRODUCTION}) {
            api.setSecret(APP, environment, SampleApp.SECRET_KEY, password).expect(200, 201);
        }
        return sample;
    }

    /**
     * Sends the signed push webhook of {@code commit}.
     *
     * @return the run id the gateway answered with
     */
    public String push(SampleApp.Commit commit) {
        SlipwayApi.Answer answer = api.push(sample, commit, webhookSecret).expect(202);
        String runId = answer.body().path("runId").asText(null);
        if (runId == null || !"ACCEPTED".equals(answer.body().path("outcome").asText())) {
            throw new IllegalStateException("The push was not accepted: " + answer.body());
        }
        return runId;
    }

    private static String randomPassword() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
