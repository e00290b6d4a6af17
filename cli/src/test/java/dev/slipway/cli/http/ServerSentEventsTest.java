package dev.slipway.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerSentEventsTest {

    @Test
    void joinsDataLinesUntilABlankLineAndSkipsEverythingElse() {
        ServerSentEvents parser = new ServerSentEvents();
        List<String> events = new ArrayList<>();

        for (String line : List.of(": keep-alive", "", "event: message", "id: 7", "data:{\"a\":1}", "",
                "data: first", "data:second", "retry: 1000", "", "")) {
            parser.accept(line).ifPresent(events::add);
        }

        assertThat(events).containsExactly("{\"a\":1}", "first\nsecond");
    }
}
