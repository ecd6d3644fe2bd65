package io.ontobridge.consumers.tail;

import io.ontobridge.schema.Contrast;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.DisagreementGroup;
import io.ontobridge.schema.GroupDescription;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.SampleInput;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Disagreements in groups, with descriptions as the monitor writes them, for the consumers' tests. */
public final class GroupFixtures {
    private GroupFixtures() {
    }

    /** The description of a group of large shapes: size leads, then the source's own reading of size. */
    public static GroupDescription largeShapes() {
        Contrast size = new Contrast("size", 0.93, 2.1, 9.1, 6.0, 8.35, 9.94, 4.01, 10.96);
        Contrast x = new Contrast("x", 0.12, 0.2, 16.0, 15.5, 9.0, 22.0, 4.0, 27.0);
        Contrast sourceSize = new Contrast("size", 0.8, 1.5, 1.2, 0.1, 0.9, 1.6, -1.5, 1.7);
        return new GroupDescription(20, 812, List.of(size, x), List.of(sourceSize),
                "size 8.35-9.94 (rest 4.01-10.96); x 9.00-22.00 (rest 4.00-27.00); source's size +1.5 SD");
    }

    /** A disagreement of group {@code groupId} (size {@code size}) on an image, detected {@code second}s after the epoch. */
    public static Disagreement member(String sampleId, long groupId, int size, GroupDescription description, long second) {
        ModelRef source = new ModelRef("shapes-vae", "1", "a".repeat(64), "latent_mean");
        ModelRef target = new ModelRef("shapes-cnn", "1", "b".repeat(64), "hidden");
        Instant at = Instant.EPOCH.plusSeconds(second);
        return Disagreement.newBuilder()
                .setSampleId(sampleId).setConcept("triangle").setSource(source).setTarget(target)
                .setInput(SampleInput.newBuilder().setImage(ByteBuffer.wrap(new byte[]{(byte) 0x89, 'P', 'N', 'G',
                        (byte) groupId, (byte) size})).build())
                .setGeneratorMode("world").setFactors(Map.of("size", 9.2, "is_triangle", 1.0))
                .setFeatureValue(1.5).setPrediction(0.25).setResidual(-1.25).setResidualScale(0.3)
                .setKind("source-higher").setSize(2).setResidualThreshold(0.5).setProbeStatus("mapped")
                .setHeldOut(false).setProbeVersion(7).setProbeTrainedOn(1000 + 10 * second).setReason("beyond the threshold")
                .setGroup(DisagreementGroup.newBuilder().setId(groupId).setSize(size).setIsNew(size == 1)
                        .setReviews(Map.of()).setDescription(description).build())
                .setCreatedAt(at).setDetectedAt(at)
                .build();
    }
}
