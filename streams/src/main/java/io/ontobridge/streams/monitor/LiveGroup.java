package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

/**
 * One live group of {@link DisagreementGroups}: its members' count and running centroid (raw units), the scored
 * samples seen near its centre, when it opened and last grew (counted in assignments), the next milestone it has
 * not reached; and how enriched in disagreements, and how surprising, it is under the overall disagreement rate.
 */
final class LiveGroup {
    final long id;
    int size;
    long covered;
    final long createdAt;
    long lastAt;
    int nextMilestone;
    final float[] centroid;

    LiveGroup(long id, int size, long covered, long createdAt, long lastAt, int nextMilestone, float[] centroid) {
        this.id = id;
        this.size = size;
        this.covered = covered;
        this.createdAt = createdAt;
        this.lastAt = lastAt;
        this.nextMilestone = nextMilestone;
        this.centroid = centroid;
    }

    /** Takes in one more member: the size, the coverage, when it last grew and the centroid (a running mean). */
    void add(float[] x, long at) {
        size++;
        covered = Math.max(covered, size); // a sample assigned without observe() still counts once
        lastAt = at;
        double n = size;
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] = (float) (centroid[i] + (x[i] - (double) centroid[i]) / n);
        }
    }

    /** The group's disagreement share over the overall one, {@code base}. */
    double enrichment(double base) {
        return base > 0 ? ((double) size / Math.max(covered, size)) / base : 1.0;
    }

    /**
     * How surprising the group's disagreements are if disagreements fell everywhere at the overall rate b: with k
     * disagreements among the n scored samples near its centre, {@code n * KL(k/n || b)} nats when k/n > b, else 0.
     * The chance of at least k under the overall rate is at most {@code exp(-surprise)} (Chernoff bound).
     */
    double surprise(double baseRate) {
        double n = Math.max(covered, size);
        double rate = size / n;
        double b = Math.max(1e-12, Math.min(1 - 1e-12, baseRate));
        if (rate <= b) {
            return 0;
        }
        double kl = rate * Math.log(rate / b);
        if (rate < 1) {
            kl += (1 - rate) * Math.log((1 - rate) / (1 - b));
        }
        return n * kl;
    }

    DisagreementGroups.GroupView view(double baseRate) {
        return new DisagreementGroups.GroupView(id, size, Math.max(covered, size), createdAt, lastAt,
                enrichment(baseRate), surprise(baseRate), nextMilestone > 0, centroid.clone());
    }

    /** Id, size, covered, opened, last grown, next milestone, then the centroid's floats. */
    void write(StateWriter out) {
        out.writeLong(id);
        out.writeInt(size);
        out.writeLong(covered);
        out.writeLong(createdAt);
        out.writeLong(lastAt);
        out.writeInt(nextMilestone);
        out.writeFloats(centroid);
    }

    static LiveGroup read(StateReader in, int dim) {
        long id = in.readLong();
        int size = in.readInt();
        long covered = in.readLong();
        long created = in.readLong();
        long last = in.readLong();
        int next = in.readInt();
        return new LiveGroup(id, size, covered, created, last, next, in.readFloats(dim));
    }
}
