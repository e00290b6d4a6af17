package dev.slipway.build.command;

import java.time.Duration;
import java.util.List;

/**
 * How a build command ended.
 *
 * @param exitCode the exit status, or -1 when the command was killed at its time limit
 * @param timedOut whether it ran past its time limit
 * @param tail the last lines of its output (stdout and stderr interleaved), already redacted
 * @param took how long it ran
 */
public record CommandResult(int exitCode, boolean timedOut, List<String> tail, Duration took) {

    public CommandResult {
        tail = List.copyOf(tail);
    }

    public boolean succeeded() {
        return !timedOut && exitCode == 0;
    }
}
