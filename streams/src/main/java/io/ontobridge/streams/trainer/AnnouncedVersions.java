package io.ontobridge.streams.trainer;

import io.ontobridge.platform.kafka.ModelAnnouncements;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.util.HashSet;
import java.util.Set;

/**
 * The models topic as the trainer sees it: a global store (every instance holds the whole compacted topic, kept up
 * to date by Streams' global thread), so knowing whether a target version was announced is a store lookup on the
 * stream thread, never a blocking read of another topic.
 */
final class AnnouncedVersions {
    /** The global store of the models topic: role|name|version -> the announcement's bytes. */
    static final String STORE = "announced-models";

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final String targetName;
    private final String specVersion;
    private final Set<String> known = new HashSet<>();

    AnnouncedVersions(ReadOnlyKeyValueStore<String, byte[]> store, String targetName, String specVersion) {
        this.store = store;
        this.targetName = targetName;
        this.specVersion = specVersion;
    }

    /**
     * Whether a version of the concept's target model may be trained on: the spec's own, or announced. A version
     * once known stays known (a tombstone withdraws nothing), so each is looked up in the store until it is found.
     */
    boolean knows(String version) {
        if (known.contains(version)) {
            return true;
        }
        if (version.equals(specVersion)
                || store.get(ModelAnnouncements.key(ModelAnnouncements.TARGET, targetName, version)) != null) {
            known.add(version);
            return true;
        }
        return false;
    }

    /**
     * Keeps the global store: each announcement as it arrives. A tombstone withdraws nothing: a probe of a version
     * once announced keeps learning from the activations that version still makes.
     */
    static final class Keeper implements Processor<String, byte[], Void, Void> {
        private KeyValueStore<String, byte[]> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            if (record.key() != null && record.value() != null) {
                store.put(record.key(), record.value());
            }
        }
    }
}
