package dev.slipway.cli;

/**
 * The exit codes of {@code slipway}, for scripts. Each failure a script may want to tell apart has its own code; the
 * README lists them.
 */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** {@code run --follow}: the run failed, was rolled back or was superseded. */
    public static final int RUN_FAILED = 1;
    /** An unknown command or option, a missing argument, no server configured. */
    public static final int USAGE = 2;
    /** The server could not be reached: refused, unresolvable, timed out. */
    public static final int UNREACHABLE = 3;
    /** 401: no token, or a token the server does not know. */
    public static final int UNAUTHENTICATED = 4;
    /** 403: the token's role may not do this. */
    public static final int FORBIDDEN = 5;
    /** 404: no such run, stage, repository, subscription, dead letter or secret. */
    public static final int NOT_FOUND = 6;
    /** 409: the request does not fit the current state (a stage that has not failed, an environment not waiting). */
    public static final int CONFLICT = 7;
    /** 400, 413, 415, 422: the server refused the request as invalid. */
    public static final int REFUSED = 8;
    /** 5xx, or an answer that is not what the API promises. */
    public static final int SERVER_ERROR = 9;
    /** {@code --timeout} passed before the run finished. */
    public static final int TIMEOUT = 10;
    /** A local file that cannot be read: the config file, a key, a value file. */
    public static final int LOCAL_INPUT = 11;
    /** A fault in slipway itself. */
    public static final int INTERNAL = 70;

    /** The code for an HTTP error status. */
    public static int forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 400, 413, 415, 422 -> REFUSED;
            default -> SERVER_ERROR;
        };
    }

    private ExitCode() {
    }
}
