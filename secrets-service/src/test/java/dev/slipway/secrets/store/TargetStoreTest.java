package dev.slipway.secrets.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TargetStoreTest {

    private static DataSource dataSource;

    private final TargetStore targets = new TargetStore(dataSource,
            new MutableClock(Instant.parse("2025-03-01T10:00:00Z")));
    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void database() {
        dataSource = TestDatabase.migrated("secrets_store_test");
    }

    @Test
    void learnsEnvironmentsInPromotionOrderAndForgetsDroppedOnes() {
        targets.learn(app, ordered("staging", "shop-staging", "qa", "shop-qa", "production", "shop-prod"));

        targets.learn(app, ordered("staging", "shop-staging", "production", "shop-prod"));

        assertThat(targets.targets(app)).extracting(Target::environment, Target::namespace).containsExactly(
                org.assertj.core.groups.Tuple.tuple("staging", "shop-staging"),
                org.assertj.core.groups.Tuple.tuple("production", "shop-prod"));
        assertThat(targets.target(app, "qa")).isEmpty();
    }

    @Test
    void keepsTheLastSyncUnlessTheNamespaceMoves() {
        targets.learn(app, ordered("staging", "shop-staging", "production", "shop-prod"));
        targets.targets(app).forEach(t -> targets.synced(t, "sha256:abc"));

        targets.learn(app, ordered("staging", "shop-staging", "production", "shop-live"));

        assertThat(targets.target(app, "staging").orElseThrow().lastChecksum()).isEqualTo("sha256:abc");
        assertThat(targets.target(app, "production").orElseThrow().lastChecksum()).isNull();
        assertThat(targets.target(app, "production").orElseThrow().namespace()).isEqualTo("shop-live");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
