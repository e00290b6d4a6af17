package dev.slipway.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RoleTest {

    @Test
    void grantsEachRoleTheRolesBelowIt() {
        assertThat(Role.VIEWER.granted()).containsExactly("viewer");
        assertThat(Role.SRE.granted()).containsExactlyInAnyOrder("viewer", "sre");
        assertThat(Role.ADMIN.granted()).containsExactlyInAnyOrder("viewer", "sre", "admin");
    }

    @Test
    void namesMatchTheConstantsUsedInRolesAllowed() {
        assertThat(Role.VIEWER.id()).isEqualTo(Role.VIEWER_NAME);
        assertThat(Role.SRE.id()).isEqualTo(Role.SRE_NAME);
        assertThat(Role.ADMIN.id()).isEqualTo(Role.ADMIN_NAME);
    }

    @Test
    void readsARoleInAnyCaseAndNothingElse() {
        assertThat(Role.byId(" Admin ")).contains(Role.ADMIN);
        assertThat(Role.byId("sre")).contains(Role.SRE);
        assertThat(Role.byId("root")).isEmpty();
        assertThat(Role.byId("sre+admin")).isEmpty();
        assertThat(Role.byId("")).isEmpty();
        assertThat(Role.byId(null)).isEmpty();
    }
}
