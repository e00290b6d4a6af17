package dev.slipway.e2e.process;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** A JVM that starts {@code sleep 600} as a {@link ChildProcess}, prints its PID and waits to be killed. */
public final class StartsASleeper {

    public static void main(String[] args) throws InterruptedException {
        Path dir = Path.of(args[0]);
        ChildProcess sleeper = ChildProcess.start("sleeper", List.of("sleep", "600"), Map.of(), dir,
                dir.resolve("sleeper.log"));
        System.out.println("PID " + sleeper.pid());
        System.out.flush();
        Thread.currentThread().join();
    }

    private StartsASleeper() {
    }
}
