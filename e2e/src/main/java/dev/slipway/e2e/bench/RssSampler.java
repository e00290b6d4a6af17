package dev.slipway.e2e.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.slipway.e2e.process.ChildProcess;

/**
 * Samples the resident set ({@code VmRSS} of {@code /proc/PID/status}) of processes every few seconds, keeping the
 * last and the largest value of each.
 */
public final class RssSampler implements AutoCloseable {

    /** The last and the largest resident set seen, in MiB. */
    public record Rss(double lastMiB, double maxMiB) {
    }

    private final List<ChildProcess> processes;
    private final Map<String, Rss> seen = new LinkedHashMap<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rss-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private RssSampler(List<ChildProcess> processes) {
        this.processes = List.copyOf(processes);
    }

    /** Starts sampling {@code processes} every {@code seconds} seconds. */
    public static RssSampler start(List<ChildProcess> processes, int seconds) {
        RssSampler rss = new RssSampler(processes);
        rss.sampler.scheduleAtFixedRate(rss::sampleNow, 0, seconds, TimeUnit.SECONDS);
        return rss;
    }

    /** Takes one sample of every process now. */
    public void sampleNow() {
        for (ChildProcess process : processes) {
            double mib = residentMiB(process.pid());
            if (mib < 0) {
                continue;
            }
            synchronized (seen) {
                Rss before = seen.get(key(process));
                seen.put(key(process), new Rss(mib, before == null ? mib : Math.max(before.maxMiB(), mib)));
            }
        }
    }

    /** How {@link #snapshot()} names a process: its name and PID, as several processes may share a name. */
    public static String key(ChildProcess process) {
        return process.name() + " " + process.pid();
    }

    /** By {@link #key}, in the order first seen. */
    public Map<String, Rss> snapshot() {
        synchronized (seen) {
            return new LinkedHashMap<>(seen);
        }
    }

    /** {@code VmRSS} of the process in MiB, or -1 when it is gone. */
    public static double residentMiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return -1;
    }

    @Override
    public void close() {
        sampler.shutdownNow();
    }
}
