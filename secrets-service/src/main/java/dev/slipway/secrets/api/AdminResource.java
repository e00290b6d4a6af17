package dev.slipway.secrets.api;

import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import io.quarkus.security.identity.SecurityIdentity;

import dev.slipway.auth.Role;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.secrets.config.KekRotation;
import dev.slipway.secrets.config.SealingKeys;
import dev.slipway.secrets.rotation.Reconciler;
import dev.slipway.secrets.store.SealingKeyStore;
import dev.slipway.secrets.store.SecretStore;

/** Operations on the whole service: KEK rotation and an immediate reconcile. */
@Path("/api/admin")
@RolesAllowed(Role.ADMIN_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    private final SecretStore store;
    private final SealingKeyStore sealingKeyStore;
    private final SealingKeys sealingKeys;
    private final Reconciler reconciler;
    private final SecurityIdentity identity;

    public AdminResource(SecretStore store, SealingKeyStore sealingKeyStore, SealingKeys sealingKeys,
            Reconciler reconciler, SecurityIdentity identity) {
        this.store = store;
        this.sealingKeyStore = sealingKeyStore;
        this.sealingKeys = sealingKeys;
        this.reconciler = reconciler;
        this.identity = identity;
    }

    /** Rewraps every data key and sealing key under the active key-encryption key. Values are not touched. */
    @POST
    @Path("/kek/rewrap")
    public KekRotation.Report rewrap() {
        return KekRotation.rewrap(store, sealingKeyStore, sealingKeys, identity.getPrincipal().getName());
    }

    /** Compares every Secret with the stored values now, restoring those edited or deleted by hand. */
    @POST
    @Path("/reconcile")
    public List<Views.Sync> reconcile() {
        return reconciler.reconcileAll(RunContext.start("secrets-reconcile-" + UUID.randomUUID())).stream()
                .map(Views.Sync::of).toList();
    }
}
