package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.List;

/**
 * Settings of {@link DisagreementGroups} (see there for what each does); saved with its state.
 *
 * @param dim            activation dimension
 * @param radius         fixed radius in standardized RMS units; {@code <= 0} means automatic (default 0)
 * @param radiusFraction automatic radius: this fraction of the quantile below (default 0.5)
 * @param radiusQuantile automatic radius: quantile of the distances between pairs of scored samples (default 0.5)
 * @param initialRadius  automatic radius before enough pairs were seen (default 0.7 = 0.5 * sqrt(2))
 * @param maxGroups      the most groups kept (default 256)
 * @param milestones     group sizes that are worth a record, ascending (default 5, 20, 100)
 * @param minSurprise    a milestone counts only once the group's disagreements are this surprising (nats)
 *                       under the overall disagreement rate; default ln(1000) = 6.91; 0 turns the check off
 * @param idMemory       how many recent sample ids are remembered to refuse repeats (default 8192)
 * @param clip           cap on one unit's standardized difference (default 6)
 * @param pairLag        observe() pairs each sample with the one this many samples earlier (default 16)
 * @param pairHalfLife   half-life, in observations, of the pair-distance histogram (default 5000)
 */
public record GroupingSettings(int dim, double radius, double radiusFraction, double radiusQuantile,
                               double initialRadius, int maxGroups, List<Integer> milestones, double minSurprise,
                               int idMemory, double clip, int pairLag, int pairHalfLife) {
    public GroupingSettings {
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be positive: " + dim);
        }
        if (!(radiusFraction > 0) || !(radiusQuantile > 0 && radiusQuantile < 1) || !(initialRadius > 0)
                || Double.isNaN(radius)) {
            throw new IllegalArgumentException("bad radius settings");
        }
        if (!(minSurprise >= 0)) {
            throw new IllegalArgumentException("minSurprise must be >= 0: " + minSurprise);
        }
        if (maxGroups < 1 || idMemory < 1 || pairLag < 1 || pairHalfLife < 1 || !(clip > 0)) {
            throw new IllegalArgumentException("maxGroups, idMemory, pairLag, pairHalfLife and clip must be positive");
        }
        milestones = List.copyOf(milestones);
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) < 1 || (i > 0 && milestones.get(i) <= milestones.get(i - 1))) {
                throw new IllegalArgumentException("milestones must be positive and ascending: " + milestones);
            }
        }
    }

    public static GroupingSettings defaults(int dim) {
        return new GroupingSettings(dim, 0, 0.5, 0.5, 0.7, 256, List.of(5, 20, 100), Math.log(1000), 8192, 6.0, 16,
                5000);
    }

    public GroupingSettings withRadius(double fixedRadius) {
        return new GroupingSettings(dim, fixedRadius, radiusFraction, radiusQuantile, initialRadius, maxGroups,
                milestones, minSurprise, idMemory, clip, pairLag, pairHalfLife);
    }

    public GroupingSettings withAutoRadius(double fraction, double quantile) {
        return new GroupingSettings(dim, 0, fraction, quantile, initialRadius, maxGroups, milestones, minSurprise,
                idMemory, clip, pairLag, pairHalfLife);
    }

    public GroupingSettings withMaxGroups(int max) {
        return new GroupingSettings(dim, radius, radiusFraction, radiusQuantile, initialRadius, max, milestones,
                minSurprise, idMemory, clip, pairLag, pairHalfLife);
    }

    public GroupingSettings withMilestones(List<Integer> sizes) {
        return new GroupingSettings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, sizes,
                minSurprise, idMemory, clip, pairLag, pairHalfLife);
    }

    public GroupingSettings withMinSurprise(double nats) {
        return new GroupingSettings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, milestones,
                nats, idMemory, clip, pairLag, pairHalfLife);
    }

    public GroupingSettings withIdMemory(int ids) {
        return new GroupingSettings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, milestones,
                minSurprise, ids, clip, pairLag, pairHalfLife);
    }

    /** The fields in order, the milestones as a count and ints. */
    void write(StateWriter out) {
        out.writeInt(dim);
        out.writeDouble(radius);
        out.writeDouble(radiusFraction);
        out.writeDouble(radiusQuantile);
        out.writeDouble(initialRadius);
        out.writeInt(maxGroups);
        out.writeInt(milestones.size());
        for (int m : milestones) {
            out.writeInt(m);
        }
        out.writeDouble(minSurprise);
        out.writeInt(idMemory);
        out.writeDouble(clip);
        out.writeInt(pairLag);
        out.writeInt(pairHalfLife);
    }

    static GroupingSettings read(StateReader in) {
        int dim = in.readInt();
        double radius = in.readDouble();
        double fraction = in.readDouble();
        double quantile = in.readDouble();
        double initial = in.readDouble();
        int maxGroups = in.readInt();
        int nm = in.readCount("milestone count", in.remaining() / 4);
        List<Integer> ms = new ArrayList<>(nm);
        for (int i = 0; i < nm; i++) {
            ms.add(in.readInt());
        }
        double minSurprise = in.readDouble();
        int idMemory = in.readInt();
        double clip = in.readDouble();
        int pairLag = in.readInt();
        int halfLife = in.readInt();
        return new GroupingSettings(dim, radius, fraction, quantile, initial, maxGroups, ms, minSurprise, idMemory,
                clip, pairLag, halfLife);
    }
}
