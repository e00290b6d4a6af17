package dev.slipway.backup.storage;

import java.time.Instant;

/**
 * The result of a restore drill, stored next to the backup as {@code <key>.drill.json}.
 *
 * @param passed whether the backup restored and matched its source
 * @param at when the drill finished
 * @param tables tables found in the restored copy
 * @param rows rows counted across them
 * @param probePassed the probe query's result, or null when there was none
 * @param problem why it failed, or null
 */
public record DrillRecord(boolean passed, Instant at, int tables, long rows, Boolean probePassed, String problem) {
}
