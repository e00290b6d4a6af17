package dev.slipway.testkit;

/**
 * A server program that a test needs is not installed on this machine. The message names the Debian package that
 * provides it, so the fix is one {@code apt-get install} away.
 */
public class MissingProgramException extends IllegalStateException {

    private final String program;
    private final String debianPackage;

    public MissingProgramException(String program, String debianPackage, String searched) {
        super(program + " is not installed (looked in " + searched + "). Install it with: apt-get install -y "
                + debianPackage);
        this.program = program;
        this.debianPackage = debianPackage;
    }

    /** The program's file name, for example {@code docker-registry}. */
    public String program() {
        return program;
    }

    /** The Debian package that installs it, for example {@code docker-registry}. */
    public String debianPackage() {
        return debianPackage;
    }
}
