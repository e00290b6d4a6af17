package dev.slipway.e2e.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.slipway.e2e.process.ChildProcess;
import dev.slipway.e2e.services.Service;

/**
 * Each service's start-up time to ready (process start → {@code /q/health/ready} 200) and resident set at rest
 * ({@code VmRSS}, after a quiet period), started alone one after another against the same servers; then the six
 * together, as {@code SlipwayServices} starts them (all at once): time until all six are ready and their resident
 * sets at rest. The services run with {@code Tuning.LEAN_JVM}. Prints lines starting with BENCH.
 */
public final class FootprintBench {

    public static void main(String[] args) throws Exception {
        Duration rest = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 20);
        Path root = Path.of(System.getProperty("slipway.root", ".")).toAbsolutePath().normalize();
        Path work = BenchPipeline.workDirectory(root, "footprint");
        Map<Service, long[]> alone = new LinkedHashMap<>();
        try (Machine machine = Machine.sample(); BenchPipeline pipeline = BenchPipeline.servers(root, work, 3)) {
            for (Service service : Service.values()) {
                long started = System.nanoTime();
                try (OneService one = pipeline.startOne(service)) {
                    long readyMillis = (System.nanoTime() - started) / 1_000_000;
                    double readyRss = RssSampler.residentMiB(one.process().pid());
                    Thread.sleep(rest.toMillis());
                    double restRss = RssSampler.residentMiB(one.process().pid());
                    alone.put(service, new long[]{readyMillis, Math.round(readyRss), Math.round(restRss)});
                    System.out.printf("[footprint] %s alone: ready in %d ms, RSS %.0f MiB at ready, %.0f MiB after "
                            + "%d s at rest%n", service.module(), readyMillis, readyRss, restRss, rest.toSeconds());
                }
            }
            long started = System.nanoTime();
            pipeline.startServices();
            long allReady = (System.nanoTime() - started) / 1_000_000;
            Thread.sleep(rest.toMillis());
            RssSampler together = RssSampler.start(pipeline.services().processes(), 3600);
            together.sampleNow();
            System.out.println("BENCH machine: " + machine.describe());
            System.out.println("BENCH service | alone: ready ms | alone: RSS at rest MiB | six together: RSS at rest "
                    + "MiB");
            double sum = 0;
            double sumAlone = 0;
            long sumReady = 0;
            for (Service service : Service.values()) {
                long[] a = alone.get(service);
                ChildProcess process = pipeline.services().process(service);
                double rss = together.snapshot().get(RssSampler.key(process)).lastMiB();
                sum += rss;
                sumAlone += a[2];
                sumReady += a[0];
                System.out.printf("BENCH %s | %d | %d | %.0f%n", service.module(), a[0], a[2], rss);
            }
            System.out.printf("BENCH all six | %d (one after another) / %d (together, to the last ready) | %.0f | "
                    + "%.0f%n", sumReady, allReady, sumAlone, sum);
            together.close();
        }
        System.exit(0);
    }

    private FootprintBench() {
    }
}
