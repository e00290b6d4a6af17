package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.slipway.contracts.Topics;
import dev.slipway.e2e.fleet.Fleet;
import dev.slipway.e2e.fleet.FleetApp;
import dev.slipway.e2e.follow.PipelineEvent;
import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.e2e.services.Service;

/**
 * Scale: {@code apps} apps of the {@link Fleet} pushed at once through the six real services and the simulated
 * cluster, with {@code instances} processes of each worker service (build, chart, deploy, secrets, backup; the extra
 * ones join their service's consumer group, and topics have 6 partitions). Measures the total time from the first
 * push to the last app {@code deployed} in both environments and the runs per minute; samples each consumer group's
 * lag every 5 s (written to {@code lag.csv} in the run's directory), every process's resident set, and counts the
 * events each worker process handled (its {@code slipway_stage_handoff_seconds_count}). Prints lines starting with
 * BENCH.
 */
public final class ScaleBench {

    private static final List<Service> WORKERS = List.of(Service.BUILD, Service.CHART, Service.DEPLOY, Service.SECRETS,
            Service.BACKUP);
    private static final int PARTITIONS = 6;

    public static void main(String[] args) throws Exception {
        int apps = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int instances = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Duration timeout = Duration.ofMinutes(args.length > 2 ? Long.parseLong(args[2]) : 60);
        Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
        Path work = BenchPipeline.workDirectory(root, "scale");
        List<OneService> extra = new ArrayList<>();
        try (Machine machine = Machine.sample();
                BenchPipeline pipeline = BenchPipeline.start(root, work, PARTITIONS);
                ConsumerLag lag = new ConsumerLag(pipeline.bootstrapServers())) {
            for (int n = 2; n <= instances; n++) {
                for (Service service : WORKERS) {
                    extra.add(pipeline.startOne(service, "instance-" + n, service == Service.DEPLOY
                            ? Map.of("slipway.deploy.instance-id", "deploy-local-" + n)
                            : Map.of()));
                }
            }
            List<ChildProcess> processes = new ArrayList<>(pipeline.services().processes());
            extra.forEach(one -> processes.add(one.process()));
            log("services ready: " + processes.size() + " processes; creating " + apps + " apps");
            Fleet fleet = pipeline.fleet(apps, "fleet");
            RssSampler rss = RssSampler.start(processes, 5);
            Map<String, Double> restRss = new LinkedHashMap<>();
            rss.sampleNow();
            rss.snapshot().forEach((key, value) -> restRss.put(key, value.lastMiB()));

            List<String> groups = Stream.concat(Stream.of(Service.GATEWAY), WORKERS.stream()).map(Service::module)
                    .toList();
            StringBuilder csv = new StringBuilder("seconds," + String.join(",", groups) + "\n");
            Instant start = Instant.now();
            ExecutorService pushers = Executors.newFixedThreadPool(16);
            List<Future<Fleet.Push>> pushing = new ArrayList<>();
            for (FleetApp app : fleet.apps()) {
                pushing.add(pushers.submit(() -> fleet.release(app)));
            }
            Set<String> runs = new HashSet<>();
            for (Future<Fleet.Push> push : pushing) {
                runs.add(push.get().runId());
            }
            pushers.shutdown();
            Instant pushed = Instant.now();
            log(apps + " pushes accepted in " + Duration.between(start, pushed).toMillis() + " ms");
            Instant deadline = start.plus(timeout);
            long maxLag = 0;
            int done = 0;
            while (Instant.now().isBefore(deadline)) {
                Map<String, Long> lags = lag.sample(groups);
                double seconds = Duration.between(start, Instant.now()).toMillis() / 1000.0;
                csv.append(String.format("%.0f", seconds));
                for (String group : groups) {
                    long l = lags.getOrDefault(group, 0L);
                    maxLag = Math.max(maxLag, l);
                    csv.append(',').append(l);
                }
                csv.append('\n');
                done = deployedEverywhere(pipeline, runs);
                log(String.format("t=%.0fs lag %s; %d of %d apps deployed in both environments", seconds, lags, done,
                        apps));
                if (done == apps) {
                    break;
                }
                Thread.sleep(5_000);
            }
            Instant end = lastDeployed(pipeline, runs).orElse(Instant.now());
            rss.sampleNow();
            Files.writeString(work.resolve("lag.csv"), csv);
            double minutes = Duration.between(start, end).toMillis() / 60_000.0;
            System.out.println("BENCH machine: " + machine.describe());
            System.out.printf("BENCH %d apps, %d instance(s) of each worker, %d partitions: %d of %d deployed in both "
                    + "environments; first push -> last deployed %.1f s; %.1f runs/min; max consumer lag %d; "
                    + "lag over time in %s%n", apps, instances, PARTITIONS, done, apps, minutes * 60,
                    done / minutes, maxLag, work.resolve("lag.csv"));
            System.out.println("BENCH process | RSS at rest MiB | RSS max under load MiB | events handled");
            Map<String, RssSampler.Rss> sampled = rss.snapshot();
            List<String> lines = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                ChildProcess process = processes.get(i);
                String url = i < Service.values().length
                        ? pipeline.services().url(Service.values()[i])
                        : extra.get(i - Service.values().length).url();
                String label = process.name() + (i < Service.values().length
                        ? ""
                        : " #" + (2 + (i
                                - Service.values().length) / WORKERS.size()));
                RssSampler.Rss r = sampled.get(RssSampler.key(process));
                lines.add(String.format("BENCH %s | %.0f | %.0f | %d", label, restRss.getOrDefault(RssSampler.key(
                        process),
                        0.0), r == null ? 0 : r.maxMiB(), handled(url)));
            }
            lines.forEach(System.out::println);
            rss.close();
        } finally {
            extra.forEach(OneService::close);
        }
        System.exit(0);
    }

    private static int deployedEverywhere(BenchPipeline pipeline, Set<String> runs) {
        Map<String, Set<String>> environments = new LinkedHashMap<>();
        for (PipelineEvent event : pipeline.follower().events()) {
            if (Topics.DEPLOYED.equals(event.topic()) && runs.contains(event.runId())) {
                environments.computeIfAbsent(event.runId(), r -> new HashSet<>()).add(event.environment());
            }
        }
        return (int) environments.values().stream().filter(envs -> envs.contains(FleetApp.STAGING) && envs.contains(
                FleetApp.PRODUCTION)).count();
    }

    private static java.util.Optional<Instant> lastDeployed(BenchPipeline pipeline, Set<String> runs) {
        return pipeline.follower().events().stream()
                .filter(e -> Topics.DEPLOYED.equals(e.topic()) && runs.contains(e.runId()))
                .map(PipelineEvent::time).max(Instant::compareTo);
    }

    /** Events the process's handlers started, from its {@code /q/metrics}. */
    private static long handled(String url) {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(url + "/q/metrics")).build(), java.net.http.HttpResponse.BodyHandlers
                            .ofString())
                    .body();
            return Math.round(body.lines().filter(l -> l.startsWith("slipway_stage_handoff_seconds_count"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
        } catch (IOException | RuntimeException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static void log(String line) {
        System.out.println("[scale] " + line);
    }

    private ScaleBench() {
    }
}
