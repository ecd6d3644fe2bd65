package io.ontobridge.streams.inference;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * Which target versions activate the samples of one partition of the samples topic: the newest version, and
 * for a while after it arrived the older ones still active beside it. The plan is committed as the offset
 * metadata of its partition, in the same transaction as the activations, so a restarted or rebalanced
 * instance resumes the very plan the committed output was made with: no sample is activated twice by a
 * version, or left out by one, across a crash.
 */
final class VersionPlan {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The committed form: the active versions (oldest first) and samples served side by side so far. */
    record Committed(List<String> versions, long sideBySide) {
    }

    private final List<String> versions;
    private long sideBySide;

    private VersionPlan(List<String> versions, long sideBySide) {
        this.versions = new ArrayList<>(versions);
        this.sideBySide = sideBySide;
    }

    /** A partition no plan was committed for starts with the newest version alone. */
    static VersionPlan startingWith(String version) {
        return new VersionPlan(List.of(version), 0);
    }

    /** The plan in committed offset metadata, or null when there is none (or it is not a plan). */
    static VersionPlan parse(String metadata) {
        if (metadata == null || metadata.isBlank()) {
            return null;
        }
        try {
            Committed committed = JSON.readValue(metadata, Committed.class);
            return committed.versions() == null || committed.versions().isEmpty() ? null
                    : new VersionPlan(committed.versions(), committed.sideBySide());
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    String toMetadata() {
        try {
            return JSON.writeValueAsString(new Committed(versions, sideBySide));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The versions that activate the next sample of this partition, given the newest ready version and how
     * many samples the partition runs old and new side by side; the plan then counts the sample.
     */
    List<String> next(String newest, long sideBySideLimit) {
        if (!versions.get(versions.size() - 1).equals(newest)) {
            versions.remove(newest);
            versions.add(newest);
            sideBySide = 0;
        }
        if (versions.size() > 1 && sideBySide >= sideBySideLimit) {
            versions.subList(0, versions.size() - 1).clear(); // the older versions retire
        }
        if (versions.size() > 1) {
            sideBySide++;
        }
        return List.copyOf(versions);
    }

    List<String> versions() {
        return List.copyOf(versions);
    }

    /** Drops a version that can no longer be loaded; false when none is left. */
    boolean drop(String version) {
        versions.remove(version);
        return !versions.isEmpty();
    }
}
