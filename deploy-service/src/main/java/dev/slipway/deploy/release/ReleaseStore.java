package dev.slipway.deploy.release;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

import dev.slipway.contracts.Json;

/**
 * Reads and writes {@link EnvironmentState} in the ConfigMap {@code slipway-release-<app>} of the environment's
 * namespace. Every write carries the resource version that was read, so the API server refuses a write based on a
 * stale read ({@link StaleStateException}).
 *
 * <p>
 * Once {@link #startCache() started}, a watch keeps a copy of every state object, and {@link #refs()} answers from it
 * instead of listing them all from the API server at every tick. The copy may lag a write by the watch's latency; a
 * caller that wrote an object itself compares versions and {@link #load loads} it when the copy is behind.
 */
public final class ReleaseStore {

    public static final String NAME_PREFIX = "slipway-release-";
    /** Marks state objects, so that a restarted instance finds every release to resume. */
    public static final String STATE_LABEL = "slipway.dev/release-state";
    public static final String APP_LABEL = "slipway.dev/app";
    public static final String ENVIRONMENT_LABEL = "slipway.dev/environment";
    public static final String MANAGED_BY_LABEL = "app.kubernetes.io/managed-by";
    /**
     * The state's {@link EnvironmentState#owner owner} and {@link EnvironmentState#leaseUntil lease}, copied to the
     * object's annotations, so that an instance sees which states another one holds without reading them.
     */
    public static final String OWNER_ANNOTATION = "slipway.dev/owner";
    public static final String LEASE_UNTIL_ANNOTATION = "slipway.dev/lease-until";

    static final String STATE_KEY = "state.json";
    static final String LIVE_OBJECTS_KEY = "live-objects.json.gz";
    static final String ACTIVE_OBJECTS_KEY = "active-objects.json.gz";

    private static final Logger LOG = Logger.getLogger(ReleaseStore.class);
    private static final ObjectMapper PRETTY = Json.MAPPER.copy().enable(SerializationFeature.INDENT_OUTPUT);
    private static final TypeReference<List<ObjectNode>> OBJECTS = new TypeReference<>() {
    };

    private final KubernetesClient client;
    private SharedIndexInformer<ConfigMap> cache;

    public ReleaseStore(KubernetesClient client) {
        this.client = client;
    }

    /**
     * One state object as last seen: where it is, the version seen and who holds it until when, without its content,
     * so that a caller skipping objects it knows pays nothing for them and one holding refs a while holds no copies.
     *
     * @param owner the instance holding the state, or null
     * @param leaseUntil until when it holds it without renewing, or null
     */
    public record StateRef(String namespace, String app, String environment, String resourceVersion, String owner,
            Instant leaseUntil) {

        /** The object's identity: {@link ReleaseStore#key}. */
        public String key() {
            return ReleaseStore.key(namespace, app);
        }

        /** Whether an instance other than {@code instanceId} holds the state at {@code now}. */
        public boolean heldElsewhere(String instanceId, Instant now) {
            return EnvironmentState.heldElsewhere(owner, leaseUntil, instanceId, now);
        }
    }

    /** {@code namespace/app}: a state object's identity, the same for every version of it. */
    public static String key(String namespace, String app) {
        return namespace + "/" + app;
    }

    /** Starts watching the state objects; returns once the first list is in. */
    public synchronized void startCache() {
        if (cache == null) {
            cache = states().inform();
            LOG.infof("Watching release states: %d in the cluster", cache.getStore().list().size());
        }
    }

    public synchronized void stopCache() {
        if (cache != null) {
            cache.close();
            cache = null;
        }
    }

    public static String name(String app) {
        return NAME_PREFIX + app;
    }

    /** The state of {@code app} in {@code namespace}, if it exists. */
    public Optional<StoredState> load(String namespace, String app) {
        ConfigMap map = client.configMaps().inNamespace(namespace).withName(name(app)).get();
        return Optional.ofNullable(map).map(ReleaseStore::read);
    }

    /** The state of {@code app} in {@code environment}, wherever its namespace is. */
    public Optional<StoredState> find(String app, String environment) {
        return client.configMaps().inAnyNamespace().withLabel(STATE_LABEL, "true").withLabel(APP_LABEL, app)
                .withLabel(ENVIRONMENT_LABEL, environment).list().getItems().stream().findFirst()
                .map(ReleaseStore::read);
    }

    /** Every state object in the cluster, unread: from the watched copy once started, else listed. */
    public List<StateRef> refs() {
        SharedIndexInformer<ConfigMap> watched = cache;
        List<ConfigMap> maps = watched != null ? watched.getStore().list() : states().list().getItems();
        List<StateRef> refs = new ArrayList<>(maps.size());
        for (ConfigMap map : maps) {
            Map<String, String> labels = map.getMetadata().getLabels() == null
                    ? Map.of()
                    : map.getMetadata().getLabels();
            String app = labels.get(APP_LABEL);
            String environment = labels.get(ENVIRONMENT_LABEL);
            if (app == null || environment == null || !map.getMetadata().getName().equals(name(app))) {
                LOG.warnf("Ignoring release state %s/%s: it is not labelled with its app and environment",
                        map.getMetadata().getNamespace(), map.getMetadata().getName());
                continue;
            }
            Map<String, String> annotations = map.getMetadata().getAnnotations() == null
                    ? Map.of()
                    : map.getMetadata().getAnnotations();
            refs.add(new StateRef(map.getMetadata().getNamespace(), app, environment,
                    map.getMetadata().getResourceVersion(), annotations.get(OWNER_ANNOTATION),
                    instant(annotations.get(LEASE_UNTIL_ANNOTATION))));
        }
        return refs;
    }

    /** An annotation's instant, or null when absent or unreadable: a state whose holder is unknown is read. */
    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * The newest copy of the state {@code ref} points to: the watched copy once started, else read from the API
     * server; empty when it is gone or cannot be read (logged).
     */
    public Optional<StoredState> latest(StateRef ref) {
        SharedIndexInformer<ConfigMap> watched = cache;
        if (watched == null) {
            return load(ref.namespace(), ref.app());
        }
        ConfigMap map = watched.getStore().getByKey(ref.namespace() + "/" + name(ref.app()));
        if (map == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(read(map));
        } catch (RuntimeException e) {
            LOG.errorf("Ignoring unreadable release state %s/%s: %s", ref.namespace(), name(ref.app()),
                    e.getMessage());
            return Optional.empty();
        }
    }

    private FilterWatchListDeletable<ConfigMap, ConfigMapList, Resource<ConfigMap>> states() {
        return client.configMaps().inAnyNamespace().withLabel(STATE_LABEL, "true");
    }

    /**
     * Writes {@code stored}: creates it when it was never written, else replaces it under the resource version it was
     * read at.
     *
     * @return the state as now stored, with its new resource version
     * @throws StaleStateException when someone else wrote it since
     */
    public StoredState save(StoredState stored) {
        ConfigMap map = write(stored);
        try {
            ConfigMap saved = stored.resourceVersion == null
                    ? client.configMaps().inNamespace(stored.state.namespace).resource(map).create()
                    : client.configMaps().inNamespace(stored.state.namespace).resource(map).update();
            return new StoredState(stored.state, stored.liveObjects, stored.activeObjects,
                    saved.getMetadata().getResourceVersion());
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                throw new StaleStateException("the release state of " + stored.state.app + " in "
                        + stored.state.namespace + " changed since it was read", e);
            }
            throw e;
        }
    }

    /**
     * Loads (or starts) the state of {@code app} in {@code environment}, applies {@code change}, and writes it when
     * the change says it changed something; re-reads and re-applies on a conflicting write.
     *
     * @return the state as stored afterwards
     */
    public StoredState update(String namespace, String app, String environment, Predicate<EnvironmentState> change) {
        for (int attempt = 1;; attempt++) {
            StoredState stored = load(namespace, app).orElseGet(
                    () -> new StoredState(new EnvironmentState(app, environment, namespace), List.of(), List.of(),
                            null));
            if (!change.test(stored.state)) {
                return stored;
            }
            try {
                return save(stored);
            } catch (StaleStateException e) {
                if (attempt >= 10) {
                    throw e;
                }
                LOG.debugf("Retrying the state write of %s in %s: %s", app, namespace, e.getMessage());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT && attempt < 10) {
                    continue;
                }
                throw e;
            }
        }
    }

    private static StoredState read(ConfigMap map) {
        String json = map.getData() == null ? null : map.getData().get(STATE_KEY);
        if (json == null) {
            throw new IllegalStateException("no " + STATE_KEY);
        }
        try {
            EnvironmentState state = Json.MAPPER.readValue(json, EnvironmentState.class);
            Map<String, String> binary = map.getBinaryData() == null ? Map.of() : map.getBinaryData();
            return new StoredState(state, objects(binary.get(LIVE_OBJECTS_KEY)),
                    objects(binary.get(ACTIVE_OBJECTS_KEY)),
                    map.getMetadata().getResourceVersion());
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable release state " + map.getMetadata().getName(), e);
        }
    }

    private static ConfigMap write(StoredState stored) {
        EnvironmentState state = stored.state;
        Map<String, String> labels = new HashMap<>();
        labels.put(STATE_LABEL, "true");
        labels.put(APP_LABEL, state.app);
        labels.put(ENVIRONMENT_LABEL, state.environment);
        labels.put(MANAGED_BY_LABEL, "slipway");
        Map<String, String> annotations = new HashMap<>();
        if (state.owner != null && state.leaseUntil != null) {
            annotations.put(OWNER_ANNOTATION, state.owner);
            annotations.put(LEASE_UNTIL_ANNOTATION, state.leaseUntil.toString());
        }
        Map<String, String> binary = new HashMap<>();
        binary.put(LIVE_OBJECTS_KEY, gzip(stored.liveObjects));
        binary.put(ACTIVE_OBJECTS_KEY, gzip(stored.activeObjects));
        try {
            return new ConfigMapBuilder()
                    .withNewMetadata()
                    .withName(name(state.app))
                    .withNamespace(state.namespace)
                    .withLabels(labels)
                    .withAnnotations(annotations)
                    .withResourceVersion(stored.resourceVersion)
                    .endMetadata()
                    .withData(Map.of(STATE_KEY, PRETTY.writeValueAsString(state)))
                    .withBinaryData(binary)
                    .build();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the release state", e);
        }
    }

    private static String gzip(List<ObjectNode> objects) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            Json.MAPPER.writeValue(out, objects);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    private static List<ObjectNode> objects(String base64) throws IOException {
        if (base64 == null || base64.isEmpty()) {
            return List.of();
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)))) {
            return Json.MAPPER.readValue(in, OBJECTS);
        }
    }
}
