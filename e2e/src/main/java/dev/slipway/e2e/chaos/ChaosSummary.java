package dev.slipway.e2e.chaos;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The chaos suite's result: how much happened (runs, kills, restarts) and what went wrong (lost, duplicated, stuck,
 * leaks), each failure with the lines that explain it.
 */
public final class ChaosSummary {

    private int runs;
    private int kills;
    private int restarts;
    private final Map<String, List<String>> problems = new LinkedHashMap<>();

    public ChaosSummary() {
        for (String column : List.of("lost", "duplicated", "stuck", "leaks")) {
            problems.put(column, new ArrayList<>());
        }
    }

    public synchronized void runs(int runs) {
        this.runs = runs;
    }

    public synchronized void killed() {
        kills++;
    }

    public synchronized void restarted() {
        restarts++;
    }

    public synchronized void lost(String what) {
        problems.get("lost").add(what);
    }

    public synchronized void duplicated(String what) {
        problems.get("duplicated").add(what);
    }

    public synchronized void stuck(String what) {
        problems.get("stuck").add(what);
    }

    public synchronized void leak(String where) {
        problems.get("leaks").add(where);
    }

    public synchronized int kills() {
        return kills;
    }

    public synchronized int restarts() {
        return restarts;
    }

    /** The number of problems in the four failing columns together. */
    public synchronized int problems() {
        return problems.values().stream().mapToInt(List::size).sum();
    }

    /** The table, then each problem on a line of its own. */
    public synchronized String table() {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "| %6s | %6s | %8s | %6s | %10s | %6s | %6s |%n", "runs", "kills",
                "restarts", "lost", "duplicated", "stuck", "leaks"));
        text.append("|--------|--------|----------|--------|------------|--------|--------|\n");
        text.append(String.format(Locale.ROOT, "| %6d | %6d | %8d | %6d | %10d | %6d | %6d |%n", runs, kills,
                restarts, problems.get("lost").size(), problems.get("duplicated").size(),
                problems.get("stuck").size(), problems.get("leaks").size()));
        problems.forEach((column, lines) -> lines.forEach(line -> text.append(column).append(": ").append(line)
                .append('\n')));
        return text.toString();
    }
}
