package dev.slipway.secrets.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import dev.slipway.contracts.SecretValue;

/** Reads a JSON string straight into a {@link SecretValue}, so the value never sits in a printable record. */
public class SecretValueDeserializer extends JsonDeserializer<SecretValue> {

    @Override
    public SecretValue deserialize(JsonParser parser, DeserializationContext context) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw MismatchedInputException.from(parser, SecretValue.class, "a secret value is a JSON string");
        }
        return SecretValue.of(parser.getText());
    }
}
