package dev.slipway.backup;

import java.util.List;

import dev.slipway.contracts.FailureReason;

/**
 * A backup or a restore drill failed, with the kind of failure that {@code backup-done} reports and the
 * {@link FailureReason} that {@code stage-failed} carries. Messages never hold a password or key.
 */
public class BackupException extends Exception {

    /** What went wrong, as {@code backup-done}'s reason names it. */
    public enum Problem {
        /** No encryption key is configured: backup-service never writes a plaintext backup. */
        NO_ENCRYPTION_KEY("no encryption key", FailureReason.INTERNAL),
        /** The password could not be read (the application's Secret or key is missing). */
        PASSWORD_UNAVAILABLE("password unavailable", FailureReason.UNAVAILABLE),
        /** The database server did not answer. */
        DATABASE_UNREACHABLE("database unreachable", FailureReason.UNAVAILABLE),
        /** The server refused the login. */
        AUTHENTICATION("authentication", FailureReason.INVALID_INPUT),
        /** The server has no database of that name. */
        DATABASE_MISSING("database missing", FailureReason.INVALID_INPUT),
        /** The PostgreSQL client programs are older than the server. */
        VERSION_MISMATCH("version mismatch", FailureReason.INVALID_INPUT),
        /** {@code pg_dump} failed for another reason. */
        DUMP_FAILED("dump failed", FailureReason.INTERNAL),
        /** The bucket did not answer or refused a request. */
        STORAGE_UNAVAILABLE("storage down", FailureReason.UNAVAILABLE),
        /** The restore drill failed: the backup cannot be trusted. */
        VERIFICATION_FAILED("verification failed", FailureReason.INTERNAL),
        /** The work did not finish in its time limit. */
        TIMEOUT("timeout", FailureReason.TIMEOUT),
        /** A restore on request failed in the target database; the target is left as it was. */
        RESTORE_FAILED("restore failed", FailureReason.INTERNAL),
        /** Nothing is known of what was asked to be backed up. */
        UNKNOWN_DATABASE("unknown database", FailureReason.INVALID_INPUT);

        private final String label;
        private final FailureReason reason;

        Problem(String label, FailureReason reason) {
            this.label = label;
            this.reason = reason;
        }

        /** The short name {@code backup-done} starts its reason with. */
        public String label() {
            return label;
        }

        public FailureReason reason() {
            return reason;
        }
    }

    private final Problem problem;
    private final List<String> logTail;

    public BackupException(Problem problem, String message) {
        this(problem, message, List.of(), null);
    }

    public BackupException(Problem problem, String message, Throwable cause) {
        this(problem, message, List.of(), cause);
    }

    public BackupException(Problem problem, String message, List<String> logTail, Throwable cause) {
        super(message, cause);
        this.problem = problem;
        this.logTail = logTail == null ? List.of() : List.copyOf(logTail);
    }

    public Problem problem() {
        return problem;
    }

    /** The last lines a failing program wrote to its standard error. */
    public List<String> logTail() {
        return logTail;
    }

    /** {@code <label>: <message>}, as {@code backup-done} carries it. */
    public String describe() {
        return problem.label() + ": " + getMessage();
    }
}
