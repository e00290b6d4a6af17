package dev.slipway.backup.postgres;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The tables of a database and the rows in each, counted exactly. Taken from the source inside the snapshot
 * {@code pg_dump} reads, and again from the restored copy: the two must be equal.
 *
 * @param rows rows per table, by {@code schema.table}, in name order
 */
public record Census(Map<String, Long> rows) {

    /** Ordinary tables (partitions included, partitioned parents not, so no row is counted twice), outside the
     * system schemas and not belonging to an extension, which {@code pg_dump} leaves to {@code CREATE EXTENSION}. */
    private static final String TABLES = """
            SELECT n.nspname, c.relname, format('%I.%I', n.nspname, c.relname)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind = 'r'
               AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
               AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.deptype = 'e')
             ORDER BY 1, 2
            """;

    public Census {
        rows = java.util.Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    /** Counts every table's rows through {@code connection}, in whatever snapshot its transaction holds. */
    public static Census take(Connection connection) throws SQLException {
        Map<String, String> tables = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(TABLES)) {
            while (result.next()) {
                tables.put(result.getString(1) + "." + result.getString(2), result.getString(3));
            }
        }
        Map<String, Long> counts = new TreeMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Map.Entry<String, String> table : tables.entrySet()) {
                try (ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table.getValue())) {
                    result.next();
                    counts.put(table.getKey(), result.getLong(1));
                }
            }
        }
        return new Census(counts);
    }

    public int tables() {
        return rows.size();
    }

    public long totalRows() {
        return rows.values().stream().mapToLong(Long::longValue).sum();
    }

    /** What differs in {@code restored} from this census, one line per difference; empty when they agree. */
    public List<String> differences(Census restored) {
        List<String> problems = new ArrayList<>();
        Set<String> names = new TreeSet<>(rows.keySet());
        names.addAll(restored.rows.keySet());
        for (String table : names) {
            Long expected = rows.get(table);
            Long actual = restored.rows.get(table);
            if (actual == null) {
                problems.add("table " + table + " is missing from the restored copy");
            } else if (expected == null) {
                problems.add("table " + table + " is in the restored copy but was not in the source");
            } else if (!expected.equals(actual)) {
                problems.add("table " + table + " has " + actual + " rows in the restored copy, " + expected
                        + " in the source");
            }
        }
        return problems;
    }
}
