package dev.slipway.cli;

import java.io.Console;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the command reads from the world besides its arguments: environment variables, the home directory, standard
 * input, the terminal and the clock. Tests pass their own.
 *
 * @param variables the environment variables
 * @param home the user's home directory, where {@code .config/slipway/config} is looked for
 * @param stdin standard input, for values piped in
 * @param console the terminal, or null when there is none (piped, redirected, in tests)
 * @param clock for ages and time limits
 */
public record Environment(Map<String, String> variables, Path home, InputStream stdin, Console console,
        Clock clock) {

    public Environment {
        variables = Map.copyOf(variables);
    }

    /** The real environment of this process. */
    public static Environment system() {
        return new Environment(System.getenv(), Path.of(System.getProperty("user.home")), System.in, terminal(),
                Clock.systemUTC());
    }

    /**
     * The console when standard input and output are a terminal. From Java 22 {@code System.console()} answers even
     * when they are redirected, and {@code isTerminal()} tells.
     */
    private static Console terminal() {
        Console console = System.console();
        if (console == null) {
            return null;
        }
        try {
            Object terminal = Console.class.getMethod("isTerminal").invoke(console);
            return Boolean.TRUE.equals(terminal) ? console : null;
        } catch (ReflectiveOperationException e) {
            return console;
        }
    }

    /** A variable's value, absent when unset or blank. */
    public Optional<String> variable(String name) {
        return Optional.ofNullable(variables.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Whether output goes to a terminal that understands cursor movement, for live redrawing. */
    public boolean redrawableTerminal() {
        return console != null && !"dumb".equals(variables.get("TERM"));
    }
}
