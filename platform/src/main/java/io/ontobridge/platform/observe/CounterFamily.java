package io.ontobridge.platform.observe;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counters of one name on the global registry that differ by tag values (say per concept and target version),
 * looked up once per combination: hot loops count without building a meter id per record.
 */
public final class CounterFamily {
    private final String name;
    private final String[] tagKeys;
    private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

    public CounterFamily(String name, String... tagKeys) {
        this.name = name;
        this.tagKeys = tagKeys.clone();
    }

    /** The counter for these tag values, in the order of the tag keys. */
    public Counter with(String... tagValues) {
        if (tagValues.length != tagKeys.length) {
            throw new IllegalArgumentException(name + ": " + tagKeys.length + " tag values expected, got " + tagValues.length);
        }
        return counters.computeIfAbsent(List.of(tagValues), values -> {
            String[] tags = new String[tagKeys.length * 2];
            for (int i = 0; i < tagKeys.length; i++) {
                tags[2 * i] = tagKeys[i];
                tags[2 * i + 1] = values.get(i);
            }
            return Metrics.counter(name, tags);
        });
    }

    @Override
    public String toString() {
        return name + Arrays.toString(tagKeys);
    }
}
