package dev.slipway.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.slipway.contracts.FailureReason;
import dev.slipway.contracts.Stage;
import dev.slipway.contracts.Topics;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.contracts.events.ChartPublished;
import dev.slipway.contracts.events.CommitPushed;
import dev.slipway.contracts.events.CommitRef;
import dev.slipway.contracts.events.DeployProgressed;
import dev.slipway.contracts.events.Deployed;
import dev.slipway.contracts.events.Event;
import dev.slipway.contracts.events.ImageBuilt;
import dev.slipway.contracts.events.StageFailed;
import dev.slipway.contracts.fixtures.SampleEvents;
import dev.slipway.contracts.spec.EnvironmentSpec;
import dev.slipway.gateway.support.Database;
import dev.slipway.gateway.support.Gateway;
import dev.slipway.gateway.timeline.EventStore;
import dev.slipway.gateway.timeline.StoredEvent;
import dev.slipway.testkit.kafka.KafkaTestResource;
import dev.slipway.testkit.postgres.PostgresTestResource;

/**
 * First paint of the run list with 1,000 runs stored: real headless Chromium loads the UI afresh, again and again, and
 * reads the browser's own paint timings (first contentful paint, the run table rendered, largest contentful paint)
 * and the {@code /api/runs} request's time; then the same API call from plain Java. The runs (about 7,000 events with
 * real payloads: 70% deployed through staging and a production canary, 15% failed, 10% running, 5% waiting for an
 * approval, across 20 applications and a week) are stored through the gateway's own event store. Not part of the test
 * suite (the name does not end in Test): run it with {@code bench/ui-first-paint.sh}. It prints lines starting with
 * BENCH and asserts only that the list showed its first page.
 */
@QuarkusTest
@WithTestResource(value = KafkaTestResource.class, initArgs = {
        @ResourceArg(name = KafkaTestResource.OUTGOING, value = Gateway.OUTGOING),
        @ResourceArg(name = KafkaTestResource.TOPICS, value = Gateway.TOPICS)})
@WithTestResource(value = PostgresTestResource.class, initArgs = @ResourceArg(name = PostgresTestResource.DATABASE, value = "gateway"))
class RunListPaintBenchmark {

    static final int RUNS = Integer.getInteger("bench.runs", 1000);
    static final int ROUNDS = Integer.getInteger("bench.rounds", 20);
    static final int APPS = 20;

    @Inject
    Database database;

    @Inject
    EventStore events;

    @Test
    void measuresFirstPaintOfTheRunList() throws Exception {
        int stored = seed();
        long runs = database.read(connection -> {
            try (var select = connection.prepareStatement("SELECT count(DISTINCT run_id) FROM gateway.events");
                    var rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        });
        System.out.printf("BENCH ui-first-paint stored runs=%d events=%d%n", runs, stored);

        try (Browser browser = Browser.start()) {
            browser.driver.get(Browser.base());
            browser.script("sessionStorage.setItem('slipway.token', arguments[0])", Gateway.VIEWER);
            report("all runs", measure(browser, "#/runs"));
            report("status=FAILED", measure(browser, "#/runs?status=FAILED"));
            report("app=bench-app-7", measure(browser, "#/runs?app=bench-app-7"));
            browser.screenshot("bench-runs-list");
        }

        HttpClient http = HttpClient.newHttpClient();
        for (String query : List.of("limit=50", "limit=50&status=FAILED", "limit=50&app=bench-app-7")) {
            List<Double> took = new ArrayList<>();
            for (int i = 0; i < ROUNDS + 5; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(Browser.base() + "api/runs?" + query))
                        .header("Authorization", "Bearer " + Gateway.VIEWER).build();
                long start = System.nanoTime();
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                double ms = (System.nanoTime() - start) / 1e6;
                assertThat(response.statusCode()).isEqualTo(200);
                if (i >= 5) {
                    took.add(ms);
                }
            }
            System.out.printf("BENCH ui-first-paint GET /api/runs?%s from Java: p50=%.1f ms p95=%.1f ms%n", query,
                    percentile(took, 50), percentile(took, 95));
        }
    }

    /** One cold load (fresh profile, empty cache) and ROUNDS warm loads of the page at {@code hash}. */
    private static List<Map<String, Object>> measure(Browser browser, String hash) {
        List<Map<String, Object>> rounds = new ArrayList<>();
        for (int i = 0; i <= ROUNDS; i++) {
            browser.driver.get("about:blank");
            browser.driver.get(Browser.base() + hash);
            await().atMost(Browser.WAIT).until(() -> (Boolean) browser.script(
                    "return performance.getEntriesByName('slipway:runs-rendered').length > 0"));
            @SuppressWarnings("unchecked")
            Map<String, Object> timings = (Map<String, Object>) ((org.openqa.selenium.JavascriptExecutor) browser.driver)
                    .executeAsyncScript("""
                            const done = arguments[arguments.length - 1];
                            const paint = (name) => performance.getEntriesByName(name)[0]?.startTime ?? null;
                            const api = performance.getEntriesByType('resource')
                                .filter((e) => e.name.includes('/api/runs'))[0];
                            let lcp = null;
                            const observer = new PerformanceObserver((list) => {
                              const entries = list.getEntries();
                              lcp = entries[entries.length - 1].startTime;
                            });
                            observer.observe({type: 'largest-contentful-paint', buffered: true});
                            requestAnimationFrame(() => setTimeout(() => {
                              observer.disconnect();
                              done({
                                fcp: paint('first-contentful-paint'),
                                rendered: performance.getEntriesByName('slipway:runs-rendered')[0].startTime,
                                lcp,
                                api: api ? api.duration : null,
                                rows: document.querySelectorAll('table.runs tbody tr').length,
                              });
                            }, 100));
                            """);
            assertThat(((Number) timings.get("rows")).intValue()).isPositive();
            rounds.add(timings);
        }
        assertThat(browser.all(By.cssSelector("table.runs tbody tr"))).isNotEmpty();
        return rounds;
    }

    private static void report(String what, List<Map<String, Object>> rounds) {
        Map<String, Object> cold = rounds.get(0);
        List<Map<String, Object>> warm = rounds.subList(1, rounds.size());
        System.out.printf("BENCH ui-first-paint %s, cold (fresh profile): first contentful paint %.0f ms, run "
                + "table rendered %.0f ms, largest contentful paint %.0f ms, /api/runs %.0f ms, %d rows%n", what,
                number(cold, "fcp"), number(cold, "rendered"), number(cold, "lcp"), number(cold, "api"),
                ((Number) cold.get("rows")).intValue());
        System.out.printf("BENCH ui-first-paint %s, warm x%d: first contentful paint p50=%.0f p95=%.0f ms, run table "
                + "rendered p50=%.0f p95=%.0f ms, largest contentful paint p50=%.0f p95=%.0f ms, /api/runs "
                + "p50=%.0f p95=%.0f ms%n", what, warm.size(),
                percentile(values(warm, "fcp"), 50), percentile(values(warm, "fcp"), 95),
                percentile(values(warm, "rendered"), 50), percentile(values(warm, "rendered"), 95),
                percentile(values(warm, "lcp"), 50), percentile(values(warm, "lcp"), 95),
                percentile(values(warm, "api"), 50), percentile(values(warm, "api"), 95));
    }

    private static double number(Map<String, Object> timings, String key) {
        Object value = timings.get(key);
        return value == null ? Double.NaN : ((Number) value).doubleValue();
    }

    private static List<Double> values(List<Map<String, Object>> rounds, String key) {
        return rounds.stream().map(r -> number(r, key)).filter(v -> !v.isNaN()).toList();
    }

    private static double percentile(List<Double> values, int percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    /** Stores RUNS runs through the gateway's event store; returns the number of events. */
    private int seed() {
        Instant now = Instant.now();
        List<StoredEvent> all = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            String app = "bench-app-" + (i % APPS);
            String runId = UUID.randomUUID().toString();
            Instant start = now.minus(Duration.ofMinutes(10L * (RUNS - i)));
            all.addAll(run(app, runId, start, i));
        }
        for (int from = 0; from < all.size(); from += 500) {
            List<StoredEvent> batch = all.subList(from, Math.min(all.size(), from + 500));
            database.inTransaction(connection -> {
                for (StoredEvent event : batch) {
                    events.insert(connection, event);
                }
                return null;
            });
        }
        return all.size();
    }

    private static List<StoredEvent> run(String app, String runId, Instant start, int i) {
        CommitRef commit = new CommitRef("github", "team/" + app, "https://git.example.test/team/" + app + ".git",
                "main", SampleEvents.SHA);
        List<Event> payloads = new ArrayList<>();
        payloads.add(new CommitPushed(app, commit, "1234567890".repeat(4), "ada", "change " + i, start,
                UUID.randomUUID().toString()));
        payloads.add(new ImageBuilt(app, commit, SampleEvents.image(), null, 1_843_200, 2, 4_210,
                SampleEvents.spec()));
        int kind = i % 20;
        if (kind < 3) {
            payloads.add(StageFailed.of(app, Stage.CHART, null, FailureReason.UNAVAILABLE, "registry did not answer",
                    List.of("dial tcp 127.0.0.1:5000: connection refused"), Topics.IMAGE_BUILT, "input", 5));
        } else if (kind >= 5) {
            payloads.add(new ChartPublished(app, commit, SampleEvents.image(), SampleEvents.chart(),
                    SampleEvents.spec()));
            DeployProgressed planned = SampleEvents.deployPlanned();
            payloads.add(new DeployProgressed(app, planned.environment(), planned.namespace(), app, planned.phase(),
                    planned.message(), planned.plan(), null));
            payloads.add(deployed(app, commit, "staging", start));
            if (kind < 6) {
                payloads.add(new DeployProgressed(app, "production", "hello-prod", app,
                        DeployProgressed.Phase.AWAITING_APPROVAL, "production needs an approval", List.of(), null));
            } else {
                DeployProgressed canary = SampleEvents.deployProgressed();
                payloads.add(new DeployProgressed(app, canary.environment(), canary.namespace(), app, canary.phase(),
                        canary.message(), List.of(), canary.canary()));
                payloads.add(deployed(app, commit, "production", start));
            }
        }
        List<StoredEvent> stored = new ArrayList<>();
        String previous = null;
        for (int n = 0; n < payloads.size(); n++) {
            String id = UUID.randomUUID().toString();
            stored.add(StoredEvent.of(payloads.get(n), "bench", new RunContext(runId, previous, null), id,
                    start.plusSeconds(20L * n)));
            previous = id;
        }
        return stored;
    }

    private static Deployed deployed(String app, CommitRef commit, String environment, Instant start) {
        return new Deployed(app, environment, "hello-" + environment, app, Deployed.Outcome.SUCCEEDED, commit,
                SampleEvents.image(), SampleEvents.chart(), start, start.plusSeconds(60), null,
                EnvironmentSpec.Strategy.ROLLING, 1, 0, "0 created, 2 changed, 0 pruned");
    }
}
