package dev.slipway.contracts.spec;

import java.util.List;
import java.util.stream.Collectors;

/** A {@code slipway.yaml} that cannot be used; carries every mistake found, not just the first. */
public class InvalidSpecException extends Exception {

    private final List<SpecError> errors;

    public InvalidSpecException(List<SpecError> errors) {
        super(errors.stream().map(SpecError::toString).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<SpecError> errors() {
        return errors;
    }
}
