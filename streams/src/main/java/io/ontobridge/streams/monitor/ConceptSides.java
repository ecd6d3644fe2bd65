package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * Which side of a graded concept a value lies on: above or below the running mean of the source feature over the
 * scores seen. A disagreement whose source value and prediction lie on different sides is one about whether the
 * concept is there; one on the same side differs only in degree (source -2.18, probe -2.65 on a plainly casual
 * line: both say "not formal"). Unknown until {@value #MIN_COUNT} scores are seen.
 */
final class ConceptSides {
    static final int MIN_COUNT = 50;
    static final String OPPOSITE = "opposite";
    static final String SAME = "same";
    static final String UNKNOWN = "";

    private long count;
    private double mean;

    void observe(double featureValue) {
        if (Double.isFinite(featureValue)) {
            count++;
            mean += (featureValue - mean) / count;
        }
    }

    /** The running mean of the source feature: the line between the concept's two sides. */
    double mean() {
        return mean;
    }

    /** {@link #OPPOSITE}, {@link #SAME}, or {@link #UNKNOWN} while too few scores are seen. */
    String of(double featureValue, double prediction) {
        if (count < MIN_COUNT) {
            return UNKNOWN;
        }
        return (featureValue >= mean) != (prediction >= mean) ? OPPOSITE : SAME;
    }

    byte[] toBytes() {
        return new StateWriter("concept sides", 16).writeLong(count).writeDouble(mean).toByteArray();
    }

    static ConceptSides fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "concept sides", in -> {
            ConceptSides sides = new ConceptSides();
            sides.count = in.readLong();
            sides.mean = in.readDouble();
            return sides;
        });
    }
}
