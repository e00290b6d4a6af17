package dev.slipway.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import dev.slipway.contracts.Topics;
import dev.slipway.e2e.fleet.Fleet;
import dev.slipway.e2e.fleet.FleetApp;
import dev.slipway.e2e.follow.PipelineEvent;

/**
 * Webhook accepted → first apply in staging, through the six real services and the simulated cluster, for the trivial
 * {@link FleetApp}: each run a new commit whose signed push webhook the gateway accepts (202); the figure is the time
 * from that answer to the {@code ce_time} of the run's {@code deploy-progressed} APPLIED event for staging (stamped by
 * deploy-service right after its server-side apply), with the stages between read from their events' {@code ce_time}.
 * Runs go one after another; each waits for the previous run to be deployed in both environments. Prints lines
 * starting with BENCH.
 */
public final class WebhookToApplyBench {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
        Path work = BenchPipeline.workDirectory(root, "webhook-to-apply");
        List<Double> total = new ArrayList<>();
        List<Double> toCommit = new ArrayList<>();
        List<Double> toImage = new ArrayList<>();
        List<Double> toChart = new ArrayList<>();
        List<Double> toApply = new ArrayList<>();
        try (Machine machine = Machine.sample(); BenchPipeline pipeline = BenchPipeline.start(root, work, 3)) {
            Fleet fleet = pipeline.fleet(1, "trivial");
            FleetApp app = fleet.apps().get(0);
            log("six services ready; " + warmUp + " warm-up and " + runs + " measured runs of " + app.app());
            for (int i = 0; i < warmUp + runs; i++) {
                Fleet.Push push = fleet.release(app);
                String run = push.runId();
                PipelineEvent commit = await(pipeline, run, Topics.COMMIT_PUSHED, e -> true);
                PipelineEvent image = await(pipeline, run, Topics.IMAGE_BUILT, e -> true);
                PipelineEvent chart = await(pipeline, run, Topics.CHART_PUBLISHED, e -> true);
                PipelineEvent applied = await(pipeline, run, Topics.DEPLOY_PROGRESSED,
                        e -> FleetApp.STAGING.equals(e.environment()) && "APPLIED".equals(e.text("phase")));
                for (String environment : List.of(FleetApp.STAGING, FleetApp.PRODUCTION)) {
                    PipelineEvent deployed = await(pipeline, run, Topics.DEPLOYED,
                            e -> environment.equals(e.environment()));
                    if (!"SUCCEEDED".equals(deployed.text("outcome"))) {
                        throw new IllegalStateException("run " + run + " ended " + deployed.text("outcome") + " in "
                                + environment);
                    }
                }
                if (i >= warmUp) {
                    total.add(millis(push.accepted(), applied.time()));
                    toCommit.add(millis(push.accepted(), commit.time()));
                    toImage.add(millis(commit.time(), image.time()));
                    toChart.add(millis(image.time(), chart.time()));
                    toApply.add(millis(chart.time(), applied.time()));
                }
                if ((i + 1) % 10 == 0) {
                    log((i + 1) + " of " + (warmUp + runs) + " runs done");
                }
            }
            Percentiles p = new Percentiles(total);
            System.out.println("BENCH machine: " + machine.describe());
            System.out.printf("BENCH webhook 202 -> first apply in staging (deploy-progressed APPLIED ce_time): "
                    + "n=%d median=%.0f ms p95=%.0f ms max=%.0f ms%n", p.count(), p.median(), p.at(95), p.max());
            stage("202 -> commit-pushed", toCommit);
            stage("commit-pushed -> image-built", toImage);
            stage("image-built -> chart-published", toChart);
            stage("chart-published -> staging APPLIED", toApply);
        }
        System.exit(0);
    }

    private static void stage(String name, List<Double> values) {
        Percentiles p = new Percentiles(values);
        System.out.printf("BENCH   %s: median=%.0f ms p95=%.0f ms%n", name, p.median(), p.at(95));
    }

    /**
     * Times from different events are both stamped on this machine's clock; an event's {@code ce_time} is set when
     * its service emitted it.
     */
    private static double millis(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e6;
    }

    private static PipelineEvent await(BenchPipeline pipeline, String run, String topic,
            Predicate<PipelineEvent> match) throws InterruptedException {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<PipelineEvent> found = pipeline.follower().events(run).stream()
                    .filter(e -> topic.equals(e.topic()) && match.test(e)).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Optional<PipelineEvent> failed = pipeline.follower().events(run).stream()
                    .filter(e -> Topics.STAGE_FAILED.equals(e.topic())).findFirst();
            if (failed.isPresent()) {
                throw new IllegalStateException("run " + run + " failed: " + failed.get().payload());
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("no " + topic + " event of run " + run + " within " + RUN_TIMEOUT);
    }

    private static void log(String line) {
        System.out.println("[webhook-to-apply] " + line);
    }

    private WebhookToApplyBench() {
    }
}
