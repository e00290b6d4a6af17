package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What a figure was measured on: cores, memory, Java, and the one-minute load average sampled every few seconds while
 * the benchmark runs (the machine may be shared).
 */
public final class Machine implements AutoCloseable {

    private final List<Double> loads = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "load-sampler");
        thread.setDaemon(true);
        return thread;
    });

    /** Starts sampling the load average every five seconds. */
    public static Machine sample() {
        Machine machine = new Machine();
        machine.sampler.scheduleAtFixedRate(machine::sampleNow, 0, 5, TimeUnit.SECONDS);
        return machine;
    }

    private void sampleNow() {
        double load = loadAverage();
        synchronized (loads) {
            loads.add(load);
        }
    }

    /** The one-minute load average now, or -1 where /proc/loadavg is missing. */
    public static double loadAverage() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code 2 cores, 24 GiB, Java 17.0.15; load average during the run 1.2 (min 0.4, max 2.1)}. */
    public String describe() {
        List<Double> sampled;
        synchronized (loads) {
            sampled = List.copyOf(loads);
        }
        String load = sampled.isEmpty()
                ? "no load average sampled"
                : String.format("load average during the run %.1f (min %.1f, max %.1f)",
                        sampled.stream().mapToDouble(Double::doubleValue).average().orElse(0),
                        sampled.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                        sampled.stream().mapToDouble(Double::doubleValue).max().orElse(0));
        return String.format("%s, %d cores, %s, Java %s; %s", LocalDate.now(), Runtime.getRuntime()
                .availableProcessors(), memory(), System.getProperty("java.version"), load);
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kib = Long.parseLong(line.replaceAll("\\D", ""));
                    return Math.round(kib / 1024.0 / 1024.0) + " GiB";
                }
            }
        } catch (IOException | RuntimeException e) {
            // below
        }
        return "memory unknown";
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
