package dev.slipway.e2e.services;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import dev.slipway.e2e.process.ChildProcess;

/** Prints the last lines of every service's log when a test fails, for tests that run the six services. */
public final class ServiceLogsOnFailure implements TestWatcher {

    private final Supplier<SlipwayServices> services;
    private final int lines;

    /**
     * @param services the running services, or null before they started
     * @param lines how many lines of each log
     */
    public ServiceLogsOnFailure(Supplier<SlipwayServices> services, int lines) {
        this.services = services;
        this.lines = lines;
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        SlipwayServices running = services.get();
        if (running == null) {
            return;
        }
        for (ChildProcess process : running.processes()) {
            System.out.println("==== last lines of " + process.name() + " (" + process.log() + ")");
            System.out.println(process.logTail(lines));
        }
    }
}
