package dev.slipway.gateway.webhook;

import java.util.Optional;

import dev.slipway.gateway.repository.RegisteredRepository;

/** Finds the registered repository a webhook is about, with its secret opened. */
public interface RepositoryDirectory {

    Optional<RegisteredRepository> find(Provider provider, String fullName);
}
