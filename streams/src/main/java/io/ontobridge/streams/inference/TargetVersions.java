package io.ontobridge.streams.inference;

import io.ontobridge.models.encoder.InputEncoder;
import io.ontobridge.models.encoder.InputEncoders;
import io.ontobridge.platform.concept.ModelSpec;
import io.ontobridge.schema.ModelRef;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The target versions one inference instance runs: the newest ready version serves every sample, and an
 * older one keeps serving beside it until it has run {@code side_by_side} samples, per {@link VersionPlan}.
 * Versions no partition needs any more are closed. Used by the inference loop's thread only.
 */
final class TargetVersions implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TargetVersions.class);

    /** A target version ready to encode, with the identity its activations carry. */
    record Loaded(ModelRef ref, InputEncoder encoder) {
        String version() {
            return ref.getVersion();
        }

        static Loaded open(ModelSpec spec, Path cacheDir) {
            InputEncoder encoder = InputEncoders.open(spec, cacheDir);
            return new Loaded(new ModelRef(spec.name(), spec.version(), encoder.sha256(), spec.layer()), encoder);
        }
    }

    private final Function<String, ModelSpec> checkpoints;
    private final Path cacheDir;
    private final long sideBySidePerPartition;
    private final Map<String, Loaded> loaded = new LinkedHashMap<>();
    private final Map<TopicPartition, VersionPlan> plans = new HashMap<>();
    private String newest;

    /**
     * @param checkpoints            a version's model spec (the concept spec's own or an announced one), or null
     * @param sideBySidePerPartition samples each partition runs an old and a new version side by side
     */
    TargetVersions(Loaded first, Function<String, ModelSpec> checkpoints, Path cacheDir, long sideBySidePerPartition) {
        this.checkpoints = checkpoints;
        this.cacheDir = cacheDir;
        this.sideBySidePerPartition = sideBySidePerPartition;
        serve(first);
    }

    /** From now on {@code version} is the newest: every partition runs it, beside the older ones for a while. */
    void serve(Loaded version) {
        Loaded previous = loaded.put(version.version(), version);
        if (previous != null && previous != version) {
            previous.encoder().close();
        }
        newest = version.version();
        log.info("target version {} (sha256 {}) serves from now on", newest, version.ref().getSha256());
    }

    /** Versions loaded now (for the metrics). */
    int loadedCount() {
        return loaded.size();
    }

    String newest() {
        return newest;
    }

    /**
     * Takes over the plans committed for newly assigned partitions, loading again any version a plan still runs.
     * Only a plan committed by an earlier run can name a version that is gone; it is retired, and the newest
     * serves on.
     */
    void assigned(Map<TopicPartition, OffsetAndMetadata> committed) {
        committed.forEach((partition, offset) -> {
            VersionPlan plan = offset == null ? null : VersionPlan.parse(offset.metadata());
            if (plan != null) {
                for (String version : plan.versions()) {
                    if (!loaded.containsKey(version) && !loadAgain(version)) {
                        log.warn("target version {} named by the committed plan of {} cannot be loaded again;"
                                + " it is retired", version, partition);
                        if (!plan.drop(version)) {
                            plan = null;
                            break;
                        }
                    }
                }
            }
            plans.put(partition, plan == null ? VersionPlan.startingWith(newest) : plan);
        });
    }

    void revoked(Collection<TopicPartition> partitions) {
        partitions.forEach(plans::remove);
    }

    /** The versions, loaded, that activate the next sample of {@code partition} (the plan counts the sample). */
    List<Loaded> next(TopicPartition partition) {
        VersionPlan plan = plans.computeIfAbsent(partition, p -> VersionPlan.startingWith(newest));
        return plan.next(newest, sideBySidePerPartition).stream().map(loaded::get).toList();
    }

    /** The offset to commit for {@code partition}, carrying its plan. */
    OffsetAndMetadata offset(TopicPartition partition, long nextOffset) {
        VersionPlan plan = plans.get(partition);
        return new OffsetAndMetadata(nextOffset, plan == null ? "" : plan.toMetadata());
    }

    /** Closes the versions no partition runs any more (the newest always stays). */
    void retireUnused() {
        Set<String> needed = new HashSet<>();
        needed.add(newest);
        plans.values().forEach(plan -> needed.addAll(plan.versions()));
        loaded.entrySet().removeIf(entry -> {
            if (needed.contains(entry.getKey())) {
                return false;
            }
            log.info("target version {} retired: every partition has moved on to {}", entry.getKey(), newest);
            entry.getValue().encoder().close();
            return true;
        });
    }

    private boolean loadAgain(String version) {
        ModelSpec spec = checkpoints.apply(version);
        if (spec == null) {
            return false;
        }
        try {
            loaded.put(version, Loaded.open(spec, cacheDir));
            return true;
        } catch (RuntimeException e) {
            log.warn("cannot load target version {} again: {}", version, e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        loaded.values().forEach(version -> version.encoder().close());
        loaded.clear();
    }
}
