package dev.slipway.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.postgresql.Driver;

import dev.slipway.testkit.MissingProgramException;
import dev.slipway.testkit.support.FreePorts;
import dev.slipway.testkit.support.Programs;
import dev.slipway.testkit.support.ServerProcess;
import dev.slipway.testkit.support.SharedServers;
import dev.slipway.testkit.support.TempDirs;

/**
 * A throwaway PostgreSQL cluster: Debian's PostgreSQL (the highest version under {@code /usr/lib/postgresql}),
 * {@code initdb} into a temporary directory with trust authentication, listening on a random port of 127.0.0.1 with
 * its socket in the same directory. PostgreSQL refuses to run as root, so when the JVM is root the cluster belongs to
 * the {@code postgres} user and every command runs through {@code runuser -u postgres --}.
 *
 * <p>
 * Durability is switched off ({@code fsync}, {@code synchronous_commit}, {@code full_page_writes}): the data lives
 * as long as the test JVM.
 */
public final class Postgres implements AutoCloseable {

    public static final String DEBIAN_PACKAGE = "postgresql";
    public static final String USERNAME = "postgres";
    /** Any password is accepted (trust authentication); this one is what the test resources hand out. */
    public static final String PASSWORD = "postgres";

    static final String PORT_PROPERTY = "slipway.testkit.postgres.port";
    static final String BIN_PROPERTY = "slipway.testkit.postgres.bin";

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static volatile Postgres shared;

    private final int port;
    private final Path bin;
    private final ServerProcess watcher;

    private Postgres(int port, Path bin, ServerProcess watcher) {
        this.port = port;
        this.bin = bin;
        this.watcher = watcher;
    }

    /** The cluster shared by every test in this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized Postgres shared() {
        if (shared == null) {
            if (SharedServers.startedBySystemClassLoader(Postgres.class)) {
                shared = new Postgres(Integer.parseInt(SharedServers.published(PORT_PROPERTY)),
                        Path.of(SharedServers.published(BIN_PROPERTY)), null);
            } else {
                Postgres postgres = start();
                System.setProperty(PORT_PROPERTY, Integer.toString(postgres.port()));
                System.setProperty(BIN_PROPERTY, postgres.bin.toString());
                SharedServers.stopOnExit("postgres", postgres::stop);
                shared = postgres;
            }
        }
        return shared;
    }

    /**
     * A cluster of the caller's own; {@link #close()} it.
     *
     * @throws MissingProgramException when PostgreSQL is not installed
     */
    public static Postgres start() {
        Path bin = binDir();
        boolean root = isRoot();
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            Path base = TempDirs.create("postgres");
            Path data = base.resolve("data");
            Path sockets = base.resolve("sockets");
            Path log = base.resolve("postgres.log");
            int port = FreePorts.next();
            try {
                Files.createDirectories(sockets);
                Files.createFile(log);
                if (root) {
                    chownToPostgres(base);
                }
            } catch (IOException e) {
                TempDirs.delete(base);
                throw new UncheckedIOException("Cannot prepare a PostgreSQL directory", e);
            }
            // Started first, so that a JVM that dies during start-up still stops the cluster and deletes it.
            ServerProcess watcher = ServerProcess.start("postgres watcher", List.of("sleep", "infinity"),
                    base.resolve("watcher.log"),
                    String.join(" ", asUser(root, bin.resolve("pg_ctl").toString(), "-D", "'" + data + "'", "-m",
                            "immediate", "-w", "stop")) + " >/dev/null 2>&1; rm -rf '" + base + "'");
            try {
                run(base, asUser(root, bin.resolve("initdb").toString(), "-D", data.toString(), "--auth=trust",
                        "-U", USERNAME, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"));
                run(base, asUser(root, bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                        log.toString(), "-w", "-t", "30", "-o",
                        "-c listen_addresses=" + FreePorts.LOOPBACK + " -p " + port + " -k " + sockets
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                        "start"));
                return new Postgres(port, bin, watcher);
            } catch (IllegalStateException e) {
                watcher.close();
                failure = e;
            }
        }
        throw failure;
    }

    /** {@code 127.0.0.1}. */
    public String host() {
        return FreePorts.LOOPBACK;
    }

    public int port() {
        return port;
    }

    /** {@value #USERNAME}, the superuser. */
    public String username() {
        return USERNAME;
    }

    /** {@value #PASSWORD}; trust authentication accepts any. */
    public String password() {
        return PASSWORD;
    }

    /** The JDBC URL of {@code database}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host() + ":" + port + "/" + database;
    }

    /** The JDBC URL of the {@code postgres} database. */
    public String jdbcUrl() {
        return jdbcUrl("postgres");
    }

    /** A new connection to {@code database} as the superuser; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", USERNAME);
        properties.setProperty("password", PASSWORD);
        // The driver directly, not DriverManager, which only hands out drivers of the caller's class loader.
        return new Driver().connect(jdbcUrl(database), properties);
    }

    /** Creates {@code name} unless it exists, and returns its JDBC URL. */
    public String createDatabase(String name) {
        if (!name.matches("[A-Za-z_][A-Za-z0-9_-]{0,62}")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (Connection connection = connect("postgres")) {
            try (PreparedStatement exists = connection
                    .prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                exists.setString(1, name);
                try (ResultSet rows = exists.executeQuery()) {
                    if (rows.next()) {
                        return jdbcUrl(name);
                    }
                }
            }
            try (Statement create = connection.createStatement()) {
                create.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                    throw e;
                }
            }
            return jdbcUrl(name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
    }

    /**
     * A client program of the same PostgreSQL version, for example {@code pg_dump}, {@code pg_restore} or
     * {@code psql}.
     */
    public Path program(String name) {
        Path program = bin.resolve(name);
        if (!Files.isExecutable(program)) {
            throw new MissingProgramException(name, DEBIAN_PACKAGE, bin.toString());
        }
        return program;
    }

    /**
     * Stops a server of the caller's own and deletes its data. The {@linkplain #shared() shared} one ignores this: it
     * stops when the JVM exits.
     */
    @Override
    public void close() {
        if (this != shared) {
            stop();
        }
    }

    private synchronized void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Override
    public String toString() {
        return "Postgres[" + host() + ":" + port + "]";
    }

    /** The bin directory of the highest PostgreSQL version under /usr/lib/postgresql, else that of initdb on PATH. */
    static Path binDir() {
        if (Files.isDirectory(DEBIAN_ROOT)) {
            List<Path> versions = new ArrayList<>();
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(DEBIAN_ROOT)) {
                for (Path dir : dirs) {
                    if (dir.getFileName().toString().matches("\\d+") && Files.isExecutable(dir.resolve("bin/initdb"))) {
                        versions.add(dir);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + DEBIAN_ROOT, e);
            }
            versions.sort(Comparator.comparingInt(dir -> Integer.parseInt(dir.getFileName().toString())));
            if (!versions.isEmpty()) {
                return versions.get(versions.size() - 1).resolve("bin");
            }
        }
        return Programs.find("initdb", DEBIAN_PACKAGE, List.of()).getParent();
    }

    private static List<String> asUser(boolean root, String... command) {
        List<String> full = new ArrayList<>();
        if (root) {
            full.addAll(List.of("runuser", "-u", USERNAME, "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private static void run(Path workingDir, List<String> command) {
        try {
            Process process = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true)
                    .start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                String log = readQuietly(workingDir.resolve("postgres.log"));
                throw new IllegalStateException("PostgreSQL command failed: " + command + "\n"
                        + new String(output, StandardCharsets.UTF_8) + (log.isEmpty() ? "" : "\nServer log:\n" + log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command, e);
        }
    }

    private static String readQuietly(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static void chownToPostgres(Path base) throws IOException {
        UserPrincipalLookupService lookup = FileSystems.getDefault().getUserPrincipalLookupService();
        UserPrincipal user;
        GroupPrincipal group;
        try {
            user = lookup.lookupPrincipalByName(USERNAME);
            group = lookup.lookupPrincipalByGroupName(USERNAME);
        } catch (IOException e) {
            throw new MissingProgramException("postgres (user)", DEBIAN_PACKAGE, "the user database");
        }
        try (Stream<Path> paths = Files.walk(base)) {
            for (Path path : paths.toList()) {
                PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS);
                view.setOwner(user);
                view.setGroup(group);
            }
        }
    }
}
