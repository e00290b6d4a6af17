package dev.slipway.contracts.spec;

/**
 * One mistake in a {@code slipway.yaml}, with where it is.
 *
 * @param file the file name, normally {@code slipway.yaml}
 * @param line 1-based line
 * @param column 1-based column
 * @param field the field's path, for example {@code environments[1].canary.steps}; empty for the whole document
 * @param message what is wrong
 */
public record SpecError(String file, int line, int column, String field, String message) {

    /** {@code slipway.yaml:12:5: environments[1].canary.steps: must be increasing percentages} */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (field.isEmpty() ? "" : field + ": ") + message;
    }
}
