package dev.slipway.gateway.api;

import java.util.List;

/**
 * What a refused API request gets back.
 *
 * @param error one sentence
 * @param details every problem, for a request with several
 */
public record ErrorBody(String error, List<String> details) {

    public static ErrorBody of(String error) {
        return new ErrorBody(error, List.of());
    }
}
