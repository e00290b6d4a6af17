package dev.slipway.secrets.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.jboss.logging.Logger;

import io.quarkus.security.identity.SecurityIdentity;

import dev.slipway.auth.Role;
import dev.slipway.contracts.SecretValue;
import dev.slipway.contracts.cloudevents.RunContext;
import dev.slipway.secrets.config.SealingKeys;
import dev.slipway.secrets.crypto.Alphabet;
import dev.slipway.secrets.crypto.CryptoException;
import dev.slipway.secrets.crypto.SecretGenerator;
import dev.slipway.secrets.store.AuditLog;
import dev.slipway.secrets.store.KeyInfo;
import dev.slipway.secrets.store.SecretRef;
import dev.slipway.secrets.store.SecretStore;
import dev.slipway.secrets.sync.SyncOutcome;
import dev.slipway.secrets.sync.Synchronizer;

/**
 * The secrets API. Values go in; nothing ever comes out but keys, versions and times. Every change re-syncs the
 * environment's Secret and answers with the sync's outcome.
 */
@Path("/api/apps/{app}")
@RolesAllowed(Role.SRE_NAME)
@Produces(MediaType.APPLICATION_JSON)
public class SecretsResource {

    private static final Logger LOG = Logger.getLogger(SecretsResource.class);
    private static final int DEFAULT_LENGTH = 32;

    private final SecretStore store;
    private final Synchronizer synchronizer;
    private final SealingKeys sealingKeys;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public SecretsResource(SecretStore store, Synchronizer synchronizer, SealingKeys sealingKeys, AuditLog audit,
            SecurityIdentity identity) {
        this.store = store;
        this.synchronizer = synchronizer;
        this.sealingKeys = sealingKeys;
        this.audit = audit;
        this.identity = identity;
    }

    @GET
    @Path("/environments/{env}/secrets")
    public Views.KeyList list(@PathParam("app") String app, @PathParam("env") String env) {
        SecretRef.requireLabel("application", app);
        SecretRef.requireLabel("environment", env);
        return new Views.KeyList(app, env, store.list(app, env).stream().map(Views.Key::of).toList());
    }

    @PUT
    @Path("/environments/{env}/secrets/{key}")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Change set(@PathParam("app") String app, @PathParam("env") String env, @PathParam("key") String key,
            Requests.SetValue body) {
        SecretRef ref = new SecretRef(app, env, key);
        SecretValue value = require(body == null ? null : body.value(), "a JSON body {\"value\": \"...\"}");
        try {
            return changed(ref, store.set(ref, value, actor()).version(), "set");
        } finally {
            value.destroy();
        }
    }

    @POST
    @Path("/environments/{env}/secrets/{key}/generate")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Change generate(@PathParam("app") String app, @PathParam("env") String env,
            @PathParam("key") String key, Requests.Generate body) {
        SecretRef ref = new SecretRef(app, env, key);
        Requests.Generate request = body == null ? new Requests.Generate(null, null, null) : body;
        SecretGenerator.Recipe recipe = new SecretGenerator.Recipe(
                request.length() == null ? DEFAULT_LENGTH : request.length(),
                request.alphabet() == null ? Alphabet.ALPHANUMERIC : Alphabet.named(request.alphabet()));
        KeyInfo info = store.generate(ref, recipe, Periods.parse(request.rotateEvery()), actor());
        return changed(ref, info.version(), "generated");
    }

    @POST
    @Path("/environments/{env}/secrets/{key}/rotate")
    public Views.Change rotate(@PathParam("app") String app, @PathParam("env") String env,
            @PathParam("key") String key) {
        SecretRef ref = new SecretRef(app, env, key);
        return changed(ref, store.rotate(ref, actor()).version(), "rotated");
    }

    @DELETE
    @Path("/environments/{env}/secrets/{key}")
    public Views.Change delete(@PathParam("app") String app, @PathParam("env") String env,
            @PathParam("key") String key) {
        SecretRef ref = new SecretRef(app, env, key);
        return changed(ref, store.delete(ref, actor()), "deleted");
    }

    /** Sets one key from a value sealed for it with the public sealing key. */
    @POST
    @Path("/environments/{env}/secrets/{key}/sealed")
    @Consumes(MediaType.APPLICATION_JSON)
    public Views.Change sealed(@PathParam("app") String app, @PathParam("env") String env,
            @PathParam("key") String key, Requests.Sealed body) {
        SecretRef ref = new SecretRef(app, env, key);
        String sealed = require(body == null ? null : body.sealed(), "a JSON body {\"sealed\": \"v1:...\"}");
        SecretValue value = unseal(sealed, ref);
        try {
            return changed(ref, store.setSealed(ref, value, actor()).version(), "set-sealed");
        } finally {
            value.destroy();
        }
    }

    /**
     * Sets several keys from a file of sealed values, {@code {"KEY": "v1:...", ...}}. Every value is unsealed before
     * any is stored, so one that does not open stores none.
     */
    @POST
    @Path("/environments/{env}/sealed")
    @Consumes(MediaType.APPLICATION_JSON)
    public List<Views.Change> sealedBatch(@PathParam("app") String app, @PathParam("env") String env,
            Map<String, String> body) {
        SecretRef.requireLabel("application", app);
        SecretRef.requireLabel("environment", env);
        if (body == null || body.isEmpty()) {
            throw new IllegalArgumentException("expected a JSON object of key to sealed value");
        }
        Map<SecretRef, SecretValue> values = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, String> entry : body.entrySet()) {
                SecretRef ref = new SecretRef(app, env, entry.getKey());
                values.put(ref, unseal(entry.getValue(), ref));
            }
            List<Integer> versions = new ArrayList<>();
            for (Map.Entry<SecretRef, SecretValue> entry : values.entrySet()) {
                versions.add(store.setSealed(entry.getKey(), entry.getValue(), actor()).version());
            }
            Views.Sync sync = Views.Sync.of(synchronizer.sync(app, env, newRun(), actor()));
            List<Views.Change> changes = new ArrayList<>();
            int i = 0;
            for (SecretRef ref : values.keySet()) {
                changes.add(new Views.Change(app, env, ref.key(), versions.get(i++), "set-sealed", sync));
            }
            return changes;
        } finally {
            values.values().forEach(SecretValue::destroy);
        }
    }

    /** Applies the environment's Secret now. */
    @POST
    @Path("/environments/{env}/sync")
    public Views.Sync sync(@PathParam("app") String app, @PathParam("env") String env) {
        SecretRef.requireLabel("application", app);
        SecretRef.requireLabel("environment", env);
        return Views.Sync.of(synchronizer.sync(app, env, newRun(), actor()));
    }

    /** The application's audit log, newest first. */
    @GET
    @Path("/audit")
    public List<Views.Audit> audit(@PathParam("app") String app, @QueryParam("limit") Integer limit) {
        SecretRef.requireLabel("application", app);
        int rows = limit == null ? 100 : Math.max(1, Math.min(limit, 1000));
        return audit.list(app, rows).stream().map(Views.Audit::of).toList();
    }

    private SecretValue unseal(String sealed, SecretRef ref) {
        try {
            return sealingKeys.active().unseal(sealed, ref.app(), ref.environment(), ref.key());
        } catch (CryptoException e) {
            throw new SealedValueRefusedException(ref, e);
        }
    }

    private Views.Change changed(SecretRef ref, int version, String action) {
        LOG.infof("%s %s %s (version %d)", actor(), action, ref, version);
        SyncOutcome outcome = synchronizer.sync(ref.app(), ref.environment(), newRun(), actor());
        return new Views.Change(ref.app(), ref.environment(), ref.key(), version, action, Views.Sync.of(outcome));
    }

    /** A change made through the API starts a run of its own, which its {@code secrets-synced} carries. */
    private static RunContext newRun() {
        return RunContext.start("secrets-" + UUID.randomUUID());
    }

    private String actor() {
        return identity.getPrincipal().getName();
    }

    private static <T> T require(T value, String expected) {
        if (value == null) {
            throw new IllegalArgumentException("expected " + expected);
        }
        return value;
    }
}
