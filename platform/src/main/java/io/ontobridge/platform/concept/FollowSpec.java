package io.ontobridge.platform.concept;

import java.util.List;

/**
 * How a concept is followed when its models change: new checkpoints announced on the models topic.
 *
 * @param sideBySide samples that both the old and the new target version activate after the new one is
 *                   loaded, so both probes train on the same samples and can be compared; then the old
 *                   version is retired. Spread over the samples topic's partitions (each partition runs
 *                   its share). 0 retires the old version as soon as the new one serves.
 * @param source     {@code pinned}: samples come from the spec's source version, and a new source
 *                   checkpoint is ignored; {@code re-derive}: the generator moves to a newly announced
 *                   source version and derives the feature from it again
 * @param warmStart  a new target version's probe starts from the previous version's probe (its weights, optimizer
 *                   state and input standardization; its fidelity figures start afresh) when both read activations
 *                   of the same size; otherwise, and by default, it starts from scratch
 */
public record FollowSpec(Integer sideBySide, String source, Boolean warmStart) {
    public static final List<String> SOURCE_MODES = List.of("pinned", "re-derive");

    public FollowSpec {
        sideBySide = sideBySide == null ? 2000 : sideBySide;
        source = source == null ? "pinned" : source;
        warmStart = warmStart != null && warmStart;
    }

    public static FollowSpec defaults() {
        return new FollowSpec(null, null, null);
    }

    public boolean rederivesSource() {
        return source.equals("re-derive");
    }

    void validate() {
        Validation.range("follow.side_by_side", sideBySide, 0, Integer.MAX_VALUE);
        if (!SOURCE_MODES.contains(source)) {
            throw new ConceptSpecException("follow.source: '" + source + "' is not one of " + SOURCE_MODES);
        }
    }
}
