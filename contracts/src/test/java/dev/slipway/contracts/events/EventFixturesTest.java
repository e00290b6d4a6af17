package dev.slipway.contracts.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import dev.slipway.contracts.EventKind;
import dev.slipway.contracts.Json;
import dev.slipway.contracts.fixtures.SampleEvents;

/**
 * The golden fixtures pin the wire format: a change that alters the JSON of an existing field fails here, and older
 * payloads must keep reading.
 */
class EventFixturesTest {

    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(m -> m.mapPrefix("https://slipway.dev/schemas/", "classpath:schemas/")));

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void serialisesToGoldenFixture(EventKind kind) throws IOException {
        Record sample = SampleEvents.of(kind);

        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(sample));

        assertThat(written).isEqualTo(Json.MAPPER.readTree(SampleEvents.fixture(kind)));
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void readsGoldenFixtureBackToEqualRecord(EventKind kind) throws IOException {
        Object read = Json.MAPPER.readValue(SampleEvents.fixture(kind), kind.payload());

        assertThat(read).isEqualTo(SampleEvents.of(kind));
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void goldenFixtureValidatesAgainstSchema(EventKind kind) throws IOException {
        Set<ValidationMessage> problems = schema(kind).validate(Json.MAPPER.readTree(SampleEvents.fixture(kind)));

        assertThat(problems).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void schemaRejectsPayloadWithoutRequiredFields(EventKind kind) throws IOException {
        Set<ValidationMessage> problems = schema(kind).validate(Json.MAPPER.readTree("{\"unrelated\": 1}"));

        assertThat(problems).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventKind.class)
    void readsOlderFixtureWithMissingOptionalAndUnknownExtraField(EventKind kind) throws IOException {
        String older = resource("/fixtures/older/" + kind.topic() + ".json");
        JsonNode tree = Json.MAPPER.readTree(older);
        assertThat(tree.has("addedInAFutureVersion")).as("older fixture carries an unknown field").isTrue();

        Object read = Json.MAPPER.readValue(older, kind.payload());

        assertThat(read).isInstanceOf(kind.payload());
        assertThat(Json.MAPPER.valueToTree(read).get("app").asText()).isEqualTo("hello");
        assertThat(schema(kind).validate(tree)).isEmpty();
    }

    private static JsonSchema schema(EventKind kind) {
        SchemaValidatorsConfig config = SchemaValidatorsConfig.builder().formatAssertionsEnabled(true).build();
        return SCHEMAS.getSchema(SchemaLocation.of("https://slipway.dev/schemas/" + kind.topic() + ".schema.json"),
                config);
    }

    private static String resource(String path) throws IOException {
        try (InputStream in = EventFixturesTest.class.getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
