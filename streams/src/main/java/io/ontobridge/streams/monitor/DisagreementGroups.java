package io.ontobridge.streams.monitor;

import io.ontobridge.probe.learn.RunningMoments;
import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Groups disagreements by where they lie in the target's activation space (online leader clustering),
 * so a person sees "a region of the target where the probe keeps being wrong" instead of single samples.
 *
 * <h2>Algorithm</h2>
 * <ol>
 *   <li><b>Standardization.</b> {@link #observe(float[])} is called for <em>every</em> scored sample; it keeps a
 *   running mean and variance per unit (Welford). Distances are Euclidean in standardized space, reported as an
 *   RMS per unit: {@code dist(x, c) = sqrt(mean_i min(|x_i - c_i| / std_i, clip)^2)}. The mean cancels, so
 *   centroids are kept in raw units and are re-standardized with the current spread at every comparison (no drift
 *   when the statistics move). Each unit's contribution is capped at {@code clip} standard deviations, so a
 *   rarely firing or dead unit cannot dominate. With standardization, two independent samples are on average
 *   {@code sqrt(2)} apart (mean squared distance is exactly 2), whatever the layer.</li>
 *   <li><b>Radius.</b> A disagreement joins the nearest group if that group's centroid is within the radius,
 *   else it opens a new group. The radius is either fixed ({@link GroupingSettings#radius()} &gt; 0, in the RMS units
 *   above) or automatic (the default): {@code radiusFraction} times the {@code radiusQuantile} quantile of the
 *   distances between pairs of scored samples (each observed sample is paired with the one observed
 *   {@code pairLag} samples earlier, so neighbouring samples of a sweep do not pair). The quantile is read off an
 *   exponentially decayed, log-spaced histogram (half-life {@code pairHalfLife} observations), so it follows the
 *   target as it changes and is deterministic. Until {@link #MIN_PAIR_WEIGHT} pairs are seen the automatic radius
 *   is {@code initialRadius}. Default: half the median distance between two scored samples, i.e. a group is a
 *   region much tighter than the typical spread of the data.</li>
 *   <li><b>Centroid.</b> The running mean of the group's members (raw units).</li>
 *   <li><b>Cap.</b> At most {@code maxGroups} groups. Opening one more evicts the smallest group, ties broken by
 *   the least recently grown (LFU with LRU tie-break): stale singletons (chance disagreements) go first; a group
 *   that has grown is kept. Evicted groups are forgotten (their ids are never reused; ids only increase).</li>
 *   <li><b>Coverage and surprise.</b> {@link #observe(float[])} also counts, per group, the scored samples that fall
 *   within the radius of its centre ({@code covered}; disagreements included). With {@code k} = the group's size,
 *   {@code n} = covered and {@code b} = the overall disagreement share (assigned / observed), the group's
 *   <em>enrichment</em> is {@code (k/n)/b} and its <em>surprise</em> {@code n * KL(k/n || b)} nats (0 when
 *   {@code k/n <= b}); by the Chernoff bound, disagreements falling everywhere at the overall rate would give a group
 *   this full with probability at most {@code exp(-surprise)}. Where the target's activations are concentrated
 *   (low intrinsic dimension), chance disagreements do form groups; they are no more disagreeing than their
 *   surroundings, so their surprise stays low.</li>
 *   <li><b>Milestones.</b> Sizes (default 5, 20, 100). {@link Assignment#reachedMilestone()} is true on the first
 *   assignment at which the group's size is at least the next milestone not yet reached <em>and</em> its surprise is
 *   at least {@code minSurprise} (default ln 1000); then every milestone up to the size counts as reached, so it fires
 *   once per group and milestone (or fewer times if a group grows past several before it is significant).
 *   {@code minSurprise = 0} makes milestones purely size-based.</li>
 *   <li><b>Sample ids.</b> The 64-bit hashes of the last {@code idMemory} assigned sample ids are remembered
 *   (a FIFO ring plus a hash set; 8 bytes each). {@link #assign} on a remembered id returns {@code null} and
 *   changes nothing. Bound: a repeat is caught if fewer than {@code idMemory} other disagreements were assigned in
 *   between (default 8192); hash collisions (a fresh id dropped) have probability about
 *   {@code idMemory / 2^64} per id.</li>
 * </ol>
 * Everything is deterministic (no clock, no randomness): the same calls in the same order give the same state
 * and the same assignments, and {@link #toBytes()} / {@link #fromBytes(byte[])} round-trip the state exactly
 * (settings included), so a restart from a state store reproduces what would have happened without it.
 *
 * <p>Serialized size is about {@code 4 * dim * (maxGroups + pairLag) + 16 * dim + 8 * idMemory + 44 * maxGroups} bytes
 * (d = 384, defaults, full: 500 816 bytes; keep it under the changelog topic's {@code max.message.bytes}).
 *
 * <p>Cost: {@code observe} O(d) plus the coverage check, O(groups * d) at worst (comparisons stop early once past
 * the radius); {@code assign} the same. See the test for measured rates.
 *
 * <p>Its parts: the settings ({@link GroupingSettings}), the running statistics (the probe library's
 * {@link RunningMoments}), the pair distances ({@link PairDistances}), the groups ({@link LiveGroup}) and the
 * remembered ids ({@link RecentIds}); each writes its part of the state.
 *
 * <p>Why one class: what is left after those parts is the algorithm itself (assignment, coverage, surprise and
 * milestones), which reads and changes all of them at once; most of its length is the description above.
 *
 * <p>Not thread-safe; one instance per (concept, target) key, used by one stream task.
 */
public final class DisagreementGroups {
    /**
     * What {@link #assign} did with one disagreement: its group, the group's size after it, whether it opened the
     * group, whether the group just reached a milestone (see the class comment), and the group's enrichment (its
     * disagreement share over the overall one).
     */
    public record Assignment(long groupId, int size, boolean newGroup, boolean reachedMilestone, double enrichment) {
    }

    /**
     * A read-only view of a live group. {@code covered}: scored samples seen near its centre since it opened;
     * {@code createdAt}/{@code lastAt} count assignments (not time); {@code reported}: it has reached a milestone.
     */
    public record GroupView(long id, int size, long covered, long createdAt, long lastAt, double enrichment,
                            double surprise, boolean reported, float[] centroid) {
    }

    /** Pairs (decayed weight) needed before the automatic radius replaces {@code initialRadius}. */
    public static final double MIN_PAIR_WEIGHT = 50;
    /** Pairs are recorded only once this many samples were observed (the spread is too rough before). */
    static final long MIN_OBSERVED_FOR_PAIRS = 32;

    private static final int MAGIC = 0x4F424447; // "OBDG"
    private static final int VERSION = 1;
    /** The most pair-ring floats or remembered ids a state may ask for. */
    private static final long MAX_STATE_VALUES = 1L << 26;

    private final GroupingSettings settings;
    private final int dim;
    private final int[] milestones;
    /** Running statistics of all scored samples (the probe library's Welford, as the probes standardize with). */
    private final RunningMoments moments;
    /** Pair distances for the automatic radius. */
    private final PairDistances pairs;
    // groups, in creation order (ties for the nearest go to the oldest)
    private final ArrayList<LiveGroup> groups = new ArrayList<>();
    private long nextGroupId = 1;
    private long assigned;
    /** Recently assigned sample ids (hashes). */
    private final RecentIds ids;
    // scratch: 1 / std per unit
    private final double[] inv;

    public DisagreementGroups(GroupingSettings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.dim = settings.dim();
        this.milestones = settings.milestones().stream().mapToInt(Integer::intValue).toArray();
        this.moments = new RunningMoments(dim);
        this.pairs = new PairDistances(dim, settings.pairLag(), settings.pairHalfLife());
        this.ids = new RecentIds(settings.idMemory());
        this.inv = new double[dim];
    }

    public static DisagreementGroups withDefaults(int dim) {
        return new DisagreementGroups(GroupingSettings.defaults(dim));
    }

    public GroupingSettings settings() {
        return settings;
    }

    /**
     * Feeds one scored sample's activations into the running statistics and the groups' coverage counts. Call it for
     * every scored sample, disagreement or not, before {@link #assign} for that sample.
     */
    public void observe(float[] x) {
        checkDim(x);
        moments.update(x);
        updateInverseStd();
        if (!groups.isEmpty()) {
            double r = radius();
            double limit = r * r * dim;
            for (LiveGroup g : groups) {
                if (sumSq(x, g.centroid, limit) <= limit) {
                    g.covered++;
                }
            }
        }
        pairs.observe(x, moments.count() >= MIN_OBSERVED_FOR_PAIRS,
                (a, b) -> Math.sqrt(sumSq(a, b, Double.POSITIVE_INFINITY) / dim));
    }

    /**
     * Puts one disagreement into a group. Call {@link #observe(float[])} for the same sample first.
     *
     * @return what happened, or {@code null} if this sample id was already assigned (within {@code idMemory})
     */
    public Assignment assign(float[] x, String sampleId) {
        checkDim(x);
        long h = RecentIds.hash(Objects.requireNonNull(sampleId, "sampleId"));
        if (ids.contains(h)) {
            return null;
        }
        ids.remember(h);
        updateInverseStd();
        double r = radius();
        double limit = r * r * dim;
        LiveGroup best = null;
        double bestSum = limit;
        for (LiveGroup g : groups) {
            double s = sumSq(x, g.centroid, bestSum);
            if (s <= bestSum && (best == null || s < bestSum)) {
                best = g;
                bestSum = s;
            }
        }
        long at = assigned++;
        boolean fresh = best == null;
        LiveGroup g;
        if (fresh) {
            if (groups.size() >= settings.maxGroups()) {
                evictOne();
            }
            g = new LiveGroup(nextGroupId++, 1, 1, at, at, 0, x.clone());
            groups.add(g);
        } else {
            g = best;
            g.add(x, at);
        }
        boolean milestone = false;
        if (g.nextMilestone < milestones.length && g.size >= milestones[g.nextMilestone]
                && g.surprise(baseRate()) >= settings.minSurprise()) {
            while (g.nextMilestone < milestones.length && g.size >= milestones[g.nextMilestone]) {
                g.nextMilestone++;
            }
            milestone = true;
        }
        return new Assignment(g.id, g.size, fresh, milestone, g.enrichment(baseRate()));
    }

    /** Share of scored samples that were disagreements (observed ones; assigned ones if observe() was skipped). */
    public double baseRate() {
        long observed = moments.count();
        return observed == 0 ? 1.0 : Math.min(1.0, (double) assigned / observed);
    }

    /** The radius in use now (standardized RMS units). */
    public double radius() {
        if (settings.radius() > 0) {
            return settings.radius();
        }
        if (pairs.weight() < MIN_PAIR_WEIGHT) {
            return settings.initialRadius();
        }
        return settings.radiusFraction() * pairQuantile(settings.radiusQuantile());
    }

    /** The {@code q} quantile of recent distances between pairs of scored samples; NaN before any pair. */
    public double pairQuantile(double q) {
        return pairs.quantile(q);
    }

    public long observed() {
        return moments.count();
    }

    /** Disagreements assigned so far (repeats refused are not counted). */
    public long assigned() {
        return assigned;
    }

    public int groupCount() {
        return groups.size();
    }

    /** Live groups in creation order (copies). */
    public List<GroupView> groups() {
        List<GroupView> out = new ArrayList<>(groups.size());
        for (LiveGroup g : groups) {
            out.add(g.view(baseRate()));
        }
        return out;
    }

    // ---------------------------------------------------------------- internals

    private void checkDim(float[] x) {
        if (x.length != dim) {
            throw new IllegalArgumentException("activations have " + x.length + " units, expected " + dim);
        }
    }

    private void updateInverseStd() {
        if (moments.count() < 2) {
            Arrays.fill(inv, 1.0);
            return;
        }
        for (int i = 0; i < dim; i++) {
            double var = moments.variance(i); // M2 / n, as this class computed it before it shared RunningMoments
            inv[i] = 1.0 / Math.sqrt(Math.max(var, 1e-24));
        }
    }

    /** Sum over units of the squared, clipped standardized difference; may stop early once above {@code stopAbove}. */
    private double sumSq(float[] x, float[] c, double stopAbove) {
        double clip = settings.clip();
        double sum = 0;
        for (int i = 0; i < dim; i++) {
            double v = Math.abs((x[i] - (double) c[i]) * inv[i]);
            if (v > clip) {
                v = clip;
            }
            sum += v * v;
            if (sum > stopAbove) {
                return sum;
            }
        }
        return sum;
    }

    private void evictOne() {
        int victim = 0;
        for (int i = 1; i < groups.size(); i++) {
            LiveGroup g = groups.get(i);
            LiveGroup v = groups.get(victim);
            if (g.size < v.size || (g.size == v.size && g.lastAt < v.lastAt)) {
                victim = i;
            }
        }
        groups.remove(victim);
    }

    // ---------------------------------------------------------------- bytes

    /**
     * The whole state, settings included, as bytes (format version 1): magic, version, the settings, the running
     * statistics, the pair distances, the group counters and groups, the remembered ids.
     */
    public byte[] toBytes() {
        StateWriter out = new StateWriter("disagreement-group",
                64 + 16 * dim + pairs.sizeHint() + groups.size() * (44 + 4 * dim) + ids.sizeHint());
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        settings.write(out);
        moments.write(out);
        pairs.write(out);
        out.writeLong(nextGroupId);
        out.writeLong(assigned);
        out.writeInt(groups.size());
        for (LiveGroup g : groups) {
            g.write(out);
        }
        ids.write(out);
        return out.toByteArray();
    }

    /** Restores what {@link #toBytes()} wrote. */
    public static DisagreementGroups fromBytes(byte[] data) {
        return StateReader.read(data, "disagreement-group", DisagreementGroups::read);
    }

    private static DisagreementGroups read(StateReader in) {
        if (in.readInt() != MAGIC) {
            throw new IllegalArgumentException("not disagreement-group state");
        }
        int version = in.readInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("unsupported disagreement-group state version " + version);
        }
        GroupingSettings settings = GroupingSettings.read(in);
        int dim = settings.dim();
        if ((long) dim * 16 > in.remaining()) {
            throw new IllegalArgumentException("truncated disagreement-group state");
        }
        if ((long) settings.pairLag() * dim > MAX_STATE_VALUES || settings.idMemory() > MAX_STATE_VALUES) {
            // not allocated: corrupt bytes
            throw in.corrupt("pair lag " + settings.pairLag() + ", id memory " + settings.idMemory());
        }
        DisagreementGroups g = new DisagreementGroups(settings);
        g.moments.read(in);
        g.pairs.read(in);
        g.nextGroupId = in.readLong();
        g.assigned = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > settings.maxGroups()) {
            throw new IllegalArgumentException("corrupt group count " + count);
        }
        for (int k = 0; k < count; k++) {
            g.groups.add(LiveGroup.read(in, dim));
        }
        g.ids.read(in);
        return g;
    }
}
