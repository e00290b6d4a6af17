package dev.slipway.backup.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.slipway.contracts.spec.DatabaseSpec;

class RetentionRulesTest {

    private final RetentionRules rules = new RetentionRules(new RetentionRules.Counts(3, 7, 4),
            Map.of("slipway", new RetentionRules.Counts(10, 30, 12)));

    @Test
    void anApplicationGetsItsRetentionDaysAndTheServiceWideCounts() {
        assertThat(rules.of(policy("shop", 14, BackupPolicy.Source.APP))).isEqualTo(new RetentionRule(14, 3, 7, 4));
    }

    @Test
    void aStaticDatabaseGetsItsOwnCounts() {
        assertThat(rules.of(policy("slipway", 2, BackupPolicy.Source.STATIC)))
                .isEqualTo(new RetentionRule(2, 10, 30, 12));
    }

    @Test
    void anApplicationNamedLikeAStaticPolicyDoesNotGetItsCounts() {
        assertThat(rules.of(policy("slipway", 5, BackupPolicy.Source.APP))).isEqualTo(new RetentionRule(5, 3, 7, 4));
    }

    @Test
    void aStaticDatabaseWithoutCountsGetsTheServiceWideOnes() {
        assertThat(rules.of(policy("other", 1, BackupPolicy.Source.STATIC))).isEqualTo(new RetentionRule(1, 3, 7, 4));
    }

    private static BackupPolicy policy(String app, int days, BackupPolicy.Source source) {
        return new BackupPolicy(app, null, new DatabaseSpec("db", 5432, app, "u", null, null, days,
                DatabaseSpec.Verify.EVERY, null), source);
    }
}
