package dev.slipway.e2e.chaos;

import java.util.List;
import java.util.function.IntFunction;

import dev.slipway.e2e.api.SlipwayApi;
import dev.slipway.e2e.api.SlipwayApi.PushedCommit;
import dev.slipway.e2e.fleet.FleetApp;
import dev.slipway.e2e.sample.SampleApp;

/**
 * An application the chaos suite pushes releases of, again and again: where it deploys, and how to make its next
 * commit.
 */
public final class ChaosApp {

    private final String name;
    private final boolean canary;
    /** The commit of each push, by push number from 1. */
    private final IntFunction<PushedCommit> commits;
    private int pushes;

    private ChaosApp(String name, boolean canary, IntFunction<PushedCommit> commits) {
        this.name = name;
        this.canary = canary;
        this.commits = commits;
    }

    /**
     * The sample application (secret, pre-deploy backup, canary in production once a release runs there), whose
     * repository holds {@code first}: the first push sends it, each later one a new version of the site.
     */
    public static ChaosApp of(SampleApp sample, SampleApp.Commit first) {
        return new ChaosApp(sample.app(), true, push -> SlipwayApi.pushed(sample, push == 1
                ? first
                : sample.release(push, "Version " + push + " of the site")));
    }

    /** A fleet application (plain rolling releases): each push sends a new commit. */
    public static ChaosApp of(FleetApp app) {
        return new ChaosApp(app.app(), false, push -> app.release());
    }

    public String name() {
        return name;
    }

    /** Whether production goes behind a canary (from the second release on). */
    public boolean canary() {
        return canary;
    }

    /** Both Slipway environments every chaos application deploys to, in order. */
    public List<String> environments() {
        return List.of(SampleApp.STAGING, SampleApp.PRODUCTION);
    }

    public String namespace(String environment) {
        return name + "-" + environment;
    }

    /** The commit of the next push, committed to the repository first when it is new. */
    public synchronized PushedCommit nextCommit() {
        pushes++;
        return commits.apply(pushes);
    }
}
