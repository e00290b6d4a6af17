package dev.slipway.build.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** Keeps the last lines of a stream, each cut to a bounded length, so a chatty build cannot exhaust memory. */
final class OutputTail {

    static final int MAX_LINE_CHARS = 1000;

    private final int maxLines;
    private final Deque<String> lines = new ArrayDeque<>();
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private boolean currentTruncated;

    OutputTail(int maxLines) {
        this.maxLines = Math.max(1, maxLines);
    }

    /** Reads {@code in} to its end. */
    void consume(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            for (int i = 0; i < n; i++) {
                accept(buffer[i]);
            }
        }
    }

    private synchronized void accept(byte b) {
        if (b == '\n') {
            endLine();
        } else if (current.size() < MAX_LINE_CHARS * 4) {
            current.write(b);
        } else {
            currentTruncated = true;
        }
    }

    private void endLine() {
        String line = current.toString(StandardCharsets.UTF_8);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        if (line.length() > MAX_LINE_CHARS) {
            line = line.substring(0, MAX_LINE_CHARS);
            currentTruncated = true;
        }
        lines.addLast(currentTruncated ? line + " [line cut]" : line);
        while (lines.size() > maxLines) {
            lines.removeFirst();
        }
        current.reset();
        currentTruncated = false;
    }

    /** The kept lines, including an unfinished last line. */
    synchronized List<String> lines() {
        if (current.size() > 0) {
            endLine();
        }
        return new ArrayList<>(lines);
    }
}
