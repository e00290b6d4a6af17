package dev.slipway.cli.http;

import java.util.Optional;

/**
 * Reads a {@code text/event-stream} line by line: {@code data:} lines are joined until a blank line ends the event.
 * Comments, {@code event:}, {@code id:} and {@code retry:} lines are skipped.
 */
public final class ServerSentEvents {

    private final StringBuilder data = new StringBuilder();
    private boolean hasData;

    /** Takes one line; answers the event's data when the line ends an event. */
    public Optional<String> accept(String line) {
        if (line.isEmpty()) {
            if (!hasData) {
                return Optional.empty();
            }
            String event = data.toString();
            data.setLength(0);
            hasData = false;
            return Optional.of(event);
        }
        if (line.startsWith("data:")) {
            String value = line.substring(5);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            if (hasData) {
                data.append('\n');
            }
            data.append(value);
            hasData = true;
        }
        return Optional.empty();
    }
}
