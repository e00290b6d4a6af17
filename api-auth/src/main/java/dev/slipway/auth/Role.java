package dev.slipway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What an API caller may do. Each role includes the ones before it, so an endpoint names the least role it needs
 * ({@code @RolesAllowed(Role.SRE_NAME)}) and a token is configured with exactly one role.
 */
public enum Role {
    /** Reads: runs, repositories, subscriptions, backups. */
    VIEWER,
    /** Also operates: replays, approvals, runs and backups started by hand, secret values. */
    SRE,
    /** Also administers: repositories, key-encryption-key rewrap, reconcile on demand. */
    ADMIN;

    public static final String VIEWER_NAME = "viewer";
    public static final String SRE_NAME = "sre";
    public static final String ADMIN_NAME = "admin";

    /** The name used in {@code @RolesAllowed} and in configuration. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and those of the roles it includes. */
    public Set<String> granted() {
        return Arrays.stream(values()).filter(r -> r.ordinal() <= ordinal()).map(Role::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The role named {@code id}, in any case and with surrounding blanks ignored. */
    public static Optional<Role> byId(String id) {
        String wanted = id == null ? "" : id.strip();
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(wanted)).findFirst();
    }
}
