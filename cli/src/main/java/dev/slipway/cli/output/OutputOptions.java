package dev.slipway.cli.output;

import java.io.PrintWriter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.slipway.contracts.Json;
import picocli.CommandLine.Option;

/** {@code -o table|json} of every listing. JSON is the server's answer as it came, pretty-printed. */
public final class OutputOptions {

    /** How a listing is printed. */
    public enum Format {
        table, json
    }

    @Option(names = {"-o",
            "--output"}, paramLabel = "FORMAT", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format = Format.table;

    public boolean json() {
        return format == Format.json;
    }

    /** Prints {@code node} as indented JSON. */
    public static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints {@code node} as one line of JSON. */
    public static void printJsonLine(PrintWriter out, JsonNode node) {
        try {
            out.println(Json.MAPPER.writeValueAsString(node));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
