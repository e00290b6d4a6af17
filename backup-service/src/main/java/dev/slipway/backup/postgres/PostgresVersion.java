package dev.slipway.backup.postgres;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PostgreSQL version: the major number decides compatibility ({@code pg_dump} reads servers of its own major
 * version and older, never newer).
 *
 * @param major the major version (15 for 15.14)
 * @param text the version as the server or program reports it (15.14)
 */
public record PostgresVersion(int major, String text) {

    private static final Pattern CLIENT = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+)(\\.\\d+)?");

    /** From the server's {@code server_version_num} (150014) and {@code server_version} (15.14 (Debian ...)). */
    public static PostgresVersion ofServer(int versionNum, String serverVersion) {
        // 150014 is 15.14; before 10, 90624 was 9.6.24, whose first number is enough to compare with a client's.
        int major = versionNum / 10000;
        String text = serverVersion == null ? Integer.toString(major) : serverVersion.strip().split("\\s+")[0];
        return new PostgresVersion(major, text);
    }

    /** From a client program's {@code --version} line: {@code pg_dump (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)}. */
    public static PostgresVersion ofClient(String versionLine) {
        Matcher m = CLIENT.matcher(versionLine);
        if (!m.find()) {
            throw new IllegalArgumentException("not a PostgreSQL client version: " + versionLine.strip());
        }
        String text = m.group(1) + (m.group(2) == null ? "" : m.group(2));
        return new PostgresVersion(Integer.parseInt(m.group(1)), text);
    }

    /** Whether a client of this version can dump a server of {@code server}'s version. */
    public boolean canDump(PostgresVersion server) {
        return major >= server.major;
    }

    @Override
    public String toString() {
        return text;
    }
}
