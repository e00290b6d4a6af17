package dev.slipway.gateway.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** What an API caller may do. Each role includes the ones before it. */
public enum Role {
    /** Reads runs, repositories and subscriptions. */
    VIEWER,
    /** Also replays stages, approves or rejects environments, starts runs and manages subscriptions. */
    SRE,
    /** Also registers and removes repositories. */
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

    public static Optional<Role> byId(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equalsIgnoreCase(id == null ? "" : id.trim())).findFirst();
    }
}
