package dev.slipway.contracts.spec;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A YAML document as a tree whose every node remembers its line and column, which Jackson's own tree model forgets.
 * The parser reads it to name the line at fault.
 */
final class YamlTree {

    private static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    sealed interface Node permits Scalar, Mapping, Sequence {
        int line();

        int column();

        /** What a person would call this kind of node, for error messages. */
        String describe();
    }

    record Scalar(JsonToken token, String text, int line, int column) implements Node {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }

        @Override
        public String describe() {
            return switch (token) {
                case VALUE_NULL -> "nothing";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                default -> "a string";
            };
        }
    }

    /** A key of a mapping, with its own position (an unknown key is reported where the key is). */
    record Key(String name, int line, int column) {
    }

    record Mapping(Map<String, Map.Entry<Key, Node>> entries, int line, int column) implements Node {
        Node get(String key) {
            Map.Entry<Key, Node> entry = entries.get(key);
            return entry == null ? null : entry.getValue();
        }

        @Override
        public String describe() {
            return "a mapping";
        }
    }

    record Sequence(List<Node> items, int line, int column) implements Node {
        @Override
        public String describe() {
            return "a list";
        }
    }

    /** Reads the first document of {@code yaml}; null for an empty document. */
    static Node read(String yaml) throws IOException {
        try (JsonParser parser = FACTORY.createParser(yaml)) {
            if (parser.nextToken() == null) {
                return null;
            }
            return readNode(parser);
        }
    }

    private static Node readNode(JsonParser parser) throws IOException {
        JsonLocation at = parser.currentTokenLocation();
        int line = at.getLineNr();
        int column = at.getColumnNr();
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Map.Entry<Key, Node>> entries = new LinkedHashMap<>();
                boolean first = true;
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation keyAt = parser.currentTokenLocation();
                    Key key = new Key(parser.currentName(), keyAt.getLineNr(), keyAt.getColumnNr());
                    if (first) {
                        // A block mapping's start token sits where its first key is; report it there.
                        line = key.line();
                        column = key.column();
                        first = false;
                    }
                    parser.nextToken();
                    entries.put(key.name(), Map.entry(key, readNode(parser)));
                }
                return new Mapping(entries, line, column);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(readNode(parser));
                }
                return new Sequence(items, line, column);
            }
            default -> {
                return new Scalar(token, token == JsonToken.VALUE_NULL ? null : parser.getText(), line, column);
            }
        }
    }

    private YamlTree() {
    }
}
