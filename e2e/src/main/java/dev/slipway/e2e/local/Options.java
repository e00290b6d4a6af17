package dev.slipway.e2e.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The command line of the local run.
 *
 * @param scenario {@code happy} (a first release, then a second one through a canary that is promoted) or
 *        {@code broken} (a first release, then one whose canary fails analysis and is rolled back)
 * @param kubeconfig a real cluster to deploy to, or null for the simulated one
 * @param work where logs and data go, or null for a fresh directory under {@code target/}
 */
public record Options(String scenario, Path kubeconfig, Path work) {

    public static final String HAPPY = "happy";
    public static final String BROKEN = "broken";

    static final String USAGE = """
            usage: bin/slipway-demo [--scenario happy|broken] [--kubeconfig FILE] [--work DIR]

            Starts Kafka, PostgreSQL, an OCI registry, S3, Prometheus and Slipway's six services on 127.0.0.1,
            pushes a sample application through the pipeline and follows it live; Ctrl-C stops everything.

              --scenario happy    a first release, then a second one through a canary that analysis promotes (default)
              --scenario broken   a first release, then one whose canary fails analysis and is rolled back
              --kubeconfig FILE   deploy to this cluster instead of the simulated one
              --work DIR          keep logs and data here (default: target/slipway-local/<time>)
            """;

    /**
     * @throws IllegalArgumentException with the problem, for a command line that cannot be run
     */
    public static Options parse(List<String> args) {
        String scenario = HAPPY;
        Path kubeconfig = null;
        Path work = null;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String value = null;
            if (arg.contains("=")) {
                value = arg.substring(arg.indexOf('=') + 1);
                arg = arg.substring(0, arg.indexOf('='));
            }
            switch (arg) {
                case "--scenario" -> {
                    scenario = value != null ? value : next(args, ++i, arg);
                    if (!scenario.equals(HAPPY) && !scenario.equals(BROKEN)) {
                        throw new IllegalArgumentException("--scenario must be happy or broken, not " + scenario);
                    }
                }
                case "--kubeconfig" -> {
                    kubeconfig = Path.of(value != null ? value : next(args, ++i, arg)).toAbsolutePath();
                    if (!Files.isRegularFile(kubeconfig)) {
                        throw new IllegalArgumentException("--kubeconfig: no file " + kubeconfig);
                    }
                }
                case "--work" -> work = Path.of(value != null ? value : next(args, ++i, arg)).toAbsolutePath();
                case "-h", "--help" -> throw new HelpRequested();
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return new Options(scenario, kubeconfig, work);
    }

    private static String next(List<String> args, int index, String option) {
        if (index >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(index);
    }

    public boolean simulated() {
        return kubeconfig == null;
    }

    /** {@code --help}: print the usage and stop. */
    static final class HelpRequested extends RuntimeException {

        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super(null, null, false, false);
        }
    }
}
