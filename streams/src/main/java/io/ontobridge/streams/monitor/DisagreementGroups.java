package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
 *   else it opens a new group. The radius is either fixed ({@link Settings#radius()} &gt; 0, in the RMS units
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

    /**
     * Settings.
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
    public record Settings(int dim, double radius, double radiusFraction, double radiusQuantile, double initialRadius,
                           int maxGroups, List<Integer> milestones, double minSurprise, int idMemory, double clip,
                           int pairLag, int pairHalfLife) {
        public Settings {
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

        public static Settings defaults(int dim) {
            return new Settings(dim, 0, 0.5, 0.5, 0.7, 256, List.of(5, 20, 100), Math.log(1000), 8192, 6.0, 16, 5000);
        }

        public Settings withRadius(double fixedRadius) {
            return new Settings(dim, fixedRadius, radiusFraction, radiusQuantile, initialRadius, maxGroups, milestones,
                    minSurprise, idMemory, clip, pairLag, pairHalfLife);
        }

        public Settings withAutoRadius(double fraction, double quantile) {
            return new Settings(dim, 0, fraction, quantile, initialRadius, maxGroups, milestones, minSurprise,
                    idMemory, clip, pairLag, pairHalfLife);
        }

        public Settings withMaxGroups(int max) {
            return new Settings(dim, radius, radiusFraction, radiusQuantile, initialRadius, max, milestones,
                    minSurprise, idMemory, clip, pairLag, pairHalfLife);
        }

        public Settings withMilestones(List<Integer> sizes) {
            return new Settings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, sizes,
                    minSurprise, idMemory, clip, pairLag, pairHalfLife);
        }

        public Settings withMinSurprise(double nats) {
            return new Settings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, milestones,
                    nats, idMemory, clip, pairLag, pairHalfLife);
        }

        public Settings withIdMemory(int ids) {
            return new Settings(dim, radius, radiusFraction, radiusQuantile, initialRadius, maxGroups, milestones,
                    minSurprise, ids, clip, pairLag, pairHalfLife);
        }
    }

    /** Pairs (decayed weight) needed before the automatic radius replaces {@code initialRadius}. */
    public static final double MIN_PAIR_WEIGHT = 50;
    /** Pairs are recorded only once this many samples were observed (the spread is too rough before). */
    static final long MIN_OBSERVED_FOR_PAIRS = 32;

    private static final int MAGIC = 0x4F424447; // "OBDG"
    private static final int VERSION = 1;
    private static final int BINS_PER_DECADE = 20;
    private static final double LOG10_MIN = -3; // histogram covers [1e-3, 1e3) RMS units, ends clamp
    private static final int BINS = 6 * BINS_PER_DECADE;
    /** The most pair-ring floats or remembered ids a state may ask for. */
    private static final long MAX_STATE_VALUES = 1L << 26;

    private static final class Group {
        final long id;
        int size;
        long covered;
        final long createdAt;
        long lastAt;
        int nextMilestone;
        final float[] centroid;

        Group(long id, int size, long covered, long createdAt, long lastAt, int nextMilestone, float[] centroid) {
            this.id = id;
            this.size = size;
            this.covered = covered;
            this.createdAt = createdAt;
            this.lastAt = lastAt;
            this.nextMilestone = nextMilestone;
            this.centroid = centroid;
        }
    }

    private final Settings settings;
    private final int dim;
    private final int[] milestones;
    // running statistics of all scored samples
    private long observed;
    private final double[] mean;
    private final double[] m2;
    // pair distances for the automatic radius
    private final float[][] ring;
    private int ringFilled;
    private int ringPos;
    private final double[] hist = new double[BINS];
    private double histWeight;
    private final double decay;
    // groups, in creation order (ties for the nearest go to the oldest)
    private final ArrayList<Group> groups = new ArrayList<>();
    private long nextGroupId = 1;
    private long assigned;
    // recently assigned sample ids (hashes)
    private final long[] idRing;
    private int idCount;
    private int idPos;
    private final HashSet<Long> idSet;
    // scratch: 1 / std per unit
    private final double[] inv;

    public DisagreementGroups(Settings settings) {
        this.settings = Objects.requireNonNull(settings);
        this.dim = settings.dim();
        this.milestones = settings.milestones().stream().mapToInt(Integer::intValue).toArray();
        this.mean = new double[dim];
        this.m2 = new double[dim];
        this.ring = new float[settings.pairLag()][dim];
        this.decay = Math.pow(0.5, 1.0 / settings.pairHalfLife());
        this.idRing = new long[settings.idMemory()];
        this.idSet = new HashSet<>(Math.min(settings.idMemory(), 1 << 16) * 2);
        this.inv = new double[dim];
    }

    public static DisagreementGroups withDefaults(int dim) {
        return new DisagreementGroups(Settings.defaults(dim));
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Feeds one scored sample's activations into the running statistics and the groups' coverage counts. Call it for
     * every scored sample, disagreement or not, before {@link #assign} for that sample.
     */
    public void observe(float[] x) {
        checkDim(x);
        observed++;
        double n = observed;
        for (int i = 0; i < dim; i++) {
            double delta = x[i] - mean[i];
            mean[i] += delta / n;
            m2[i] += delta * (x[i] - mean[i]);
        }
        updateInverseStd();
        if (!groups.isEmpty()) {
            double r = radius();
            double limit = r * r * dim;
            for (Group g : groups) {
                if (sumSq(x, g.centroid, limit) <= limit) {
                    g.covered++;
                }
            }
        }
        int lag = ring.length;
        if (ringFilled == lag) {
            if (observed >= MIN_OBSERVED_FOR_PAIRS) {
                double sum = sumSq(x, ring[ringPos], Double.POSITIVE_INFINITY);
                addPairDistance(Math.sqrt(sum / dim));
            }
        } else {
            ringFilled++;
        }
        System.arraycopy(x, 0, ring[ringPos], 0, dim);
        ringPos = (ringPos + 1) % lag;
    }

    /**
     * Puts one disagreement into a group. Call {@link #observe(float[])} for the same sample first.
     *
     * @return what happened, or {@code null} if this sample id was already assigned (within {@code idMemory})
     */
    public Assignment assign(float[] x, String sampleId) {
        checkDim(x);
        long h = idHash(Objects.requireNonNull(sampleId, "sampleId"));
        if (idSet.contains(h)) {
            return null;
        }
        rememberId(h);
        updateInverseStd();
        double r = radius();
        double limit = r * r * dim;
        Group best = null;
        double bestSum = limit;
        for (Group g : groups) {
            double s = sumSq(x, g.centroid, bestSum);
            if (s <= bestSum && (best == null || s < bestSum)) {
                best = g;
                bestSum = s;
            }
        }
        long at = assigned++;
        boolean fresh = best == null;
        Group g;
        if (fresh) {
            if (groups.size() >= settings.maxGroups()) {
                evictOne();
            }
            g = new Group(nextGroupId++, 1, 1, at, at, 0, x.clone());
            groups.add(g);
        } else {
            g = best;
            g.size++;
            g.covered = Math.max(g.covered, g.size); // a sample assigned without observe() still counts once
            g.lastAt = at;
            float[] c = g.centroid;
            double n = g.size;
            for (int i = 0; i < dim; i++) {
                c[i] = (float) (c[i] + (x[i] - (double) c[i]) / n);
            }
        }
        boolean milestone = false;
        if (g.nextMilestone < milestones.length && g.size >= milestones[g.nextMilestone]
                && surprise(g) >= settings.minSurprise()) {
            while (g.nextMilestone < milestones.length && g.size >= milestones[g.nextMilestone]) {
                g.nextMilestone++;
            }
            milestone = true;
        }
        return new Assignment(g.id, g.size, fresh, milestone, enrichment(g));
    }

    /** Share of scored samples that were disagreements (observed ones; assigned ones if observe() was skipped). */
    public double baseRate() {
        return observed == 0 ? 1.0 : Math.min(1.0, (double) assigned / observed);
    }

    /** The group's disagreement share over the overall one. */
    private double enrichment(Group g) {
        double base = baseRate();
        return base > 0 ? ((double) g.size / Math.max(g.covered, g.size)) / base : 1.0;
    }

    /**
     * How surprising the group's disagreements are if disagreements fell everywhere at the overall rate b: with k
     * disagreements among the n scored samples near its centre, {@code n * KL(k/n || b)} nats when k/n > b, else 0.
     * The chance of at least k under the overall rate is at most {@code exp(-surprise)} (Chernoff bound).
     */
    private double surprise(Group g) {
        double n = Math.max(g.covered, g.size);
        double rate = g.size / n;
        double b = Math.max(1e-12, Math.min(1 - 1e-12, baseRate()));
        if (rate <= b) {
            return 0;
        }
        double kl = rate * Math.log(rate / b);
        if (rate < 1) {
            kl += (1 - rate) * Math.log((1 - rate) / (1 - b));
        }
        return n * kl;
    }

    /** The radius in use now (standardized RMS units). */
    public double radius() {
        if (settings.radius() > 0) {
            return settings.radius();
        }
        if (histWeight < MIN_PAIR_WEIGHT) {
            return settings.initialRadius();
        }
        return settings.radiusFraction() * pairQuantile(settings.radiusQuantile());
    }

    /** The {@code q} quantile of recent distances between pairs of scored samples; NaN before any pair. */
    public double pairQuantile(double q) {
        if (histWeight <= 0) {
            return Double.NaN;
        }
        double target = q * histWeight;
        double cum = 0;
        for (int b = 0; b < BINS; b++) {
            double next = cum + hist[b];
            if (next >= target && hist[b] > 0) {
                double frac = (target - cum) / hist[b];
                return Math.pow(10, LOG10_MIN + (b + frac) / BINS_PER_DECADE);
            }
            cum = next;
        }
        return Math.pow(10, LOG10_MIN + (double) BINS / BINS_PER_DECADE);
    }

    public long observed() {
        return observed;
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
        for (Group g : groups) {
            out.add(new GroupView(g.id, g.size, Math.max(g.covered, g.size), g.createdAt, g.lastAt, enrichment(g),
                    surprise(g), g.nextMilestone > 0, g.centroid.clone()));
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
        if (observed < 2) {
            Arrays.fill(inv, 1.0);
            return;
        }
        double n = observed;
        for (int i = 0; i < dim; i++) {
            double var = m2[i] / n;
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

    private void addPairDistance(double d) {
        for (int b = 0; b < BINS; b++) {
            hist[b] *= decay;
        }
        histWeight *= decay;
        int bin;
        if (!(d > 0)) {
            bin = 0;
        } else {
            bin = (int) Math.floor((Math.log10(d) - LOG10_MIN) * BINS_PER_DECADE);
            bin = Math.max(0, Math.min(BINS - 1, bin));
        }
        hist[bin] += 1;
        histWeight += 1;
    }

    private void evictOne() {
        int victim = 0;
        for (int i = 1; i < groups.size(); i++) {
            Group g = groups.get(i);
            Group v = groups.get(victim);
            if (g.size < v.size || (g.size == v.size && g.lastAt < v.lastAt)) {
                victim = i;
            }
        }
        groups.remove(victim);
    }

    private void rememberId(long h) {
        if (idCount == idRing.length) {
            idSet.remove(idRing[idPos]);
        } else {
            idCount++;
        }
        idRing[idPos] = h;
        idPos = (idPos + 1) % idRing.length;
        idSet.add(h);
    }

    /** FNV-1a over the UTF-16 chars, then the murmur3 finalizer: a stable 64-bit id hash. */
    static long idHash(String id) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) {
            h ^= id.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    // ---------------------------------------------------------------- bytes

    /** The whole state, settings included, as bytes (format version 1). */
    public byte[] toBytes() {
        StateWriter out = new StateWriter("disagreement-group",
                64 + 4 * dim * (groups.size() + ring.length) + 16 * dim + 8 * idCount + 8 * BINS);
        out.writeInt(MAGIC);
        out.writeInt(VERSION);
        Settings s = settings;
        out.writeInt(s.dim());
        out.writeDouble(s.radius());
        out.writeDouble(s.radiusFraction());
        out.writeDouble(s.radiusQuantile());
        out.writeDouble(s.initialRadius());
        out.writeInt(s.maxGroups());
        out.writeInt(milestones.length);
        for (int m : milestones) {
            out.writeInt(m);
        }
        out.writeDouble(s.minSurprise());
        out.writeInt(s.idMemory());
        out.writeDouble(s.clip());
        out.writeInt(s.pairLag());
        out.writeInt(s.pairHalfLife());

        out.writeLong(observed);
        out.writeDoubles(mean);
        out.writeDoubles(m2);
        out.writeInt(ringFilled);
        out.writeInt(ringPos);
        for (int k = 0; k < ringFilled; k++) {
            out.writeFloats(ring[k]);
        }
        out.writeDouble(histWeight);
        out.writeDoubles(hist);

        out.writeLong(nextGroupId);
        out.writeLong(assigned);
        out.writeInt(groups.size());
        for (Group g : groups) {
            out.writeLong(g.id);
            out.writeInt(g.size);
            out.writeLong(g.covered);
            out.writeLong(g.createdAt);
            out.writeLong(g.lastAt);
            out.writeInt(g.nextMilestone);
            out.writeFloats(g.centroid);
        }

        out.writeInt(idCount);
        out.writeInt(idPos);
        for (int k = 0; k < idCount; k++) {
            out.writeLong(idRing[k]);
        }
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
        if ((long) dim * 16 > in.remaining()) {
            throw new IllegalArgumentException("truncated disagreement-group state");
        }
        if ((long) pairLag * dim > MAX_STATE_VALUES || idMemory > MAX_STATE_VALUES) {
            throw in.corrupt("pair lag " + pairLag + ", id memory " + idMemory); // not allocated: corrupt bytes
        }
        DisagreementGroups g = new DisagreementGroups(new Settings(dim, radius, fraction, quantile, initial,
                maxGroups, ms, minSurprise, idMemory, clip, pairLag, halfLife));

        g.observed = in.readLong();
        in.readDoubles(g.mean, dim);
        in.readDoubles(g.m2, dim);
        g.ringFilled = in.readInt();
        g.ringPos = in.readInt();
        if (g.ringFilled < 0 || g.ringFilled > pairLag || g.ringPos < 0 || g.ringPos >= pairLag) {
            throw new IllegalArgumentException("corrupt pair ring");
        }
        for (int k = 0; k < g.ringFilled; k++) {
            in.readFloats(g.ring[k], dim);
        }
        g.histWeight = in.readDouble();
        in.readDoubles(g.hist, BINS);

        g.nextGroupId = in.readLong();
        g.assigned = in.readLong();
        int count = in.readInt();
        if (count < 0 || count > maxGroups) {
            throw new IllegalArgumentException("corrupt group count " + count);
        }
        for (int k = 0; k < count; k++) {
            long id = in.readLong();
            int size = in.readInt();
            long covered = in.readLong();
            long created = in.readLong();
            long last = in.readLong();
            int next = in.readInt();
            g.groups.add(new Group(id, size, covered, created, last, next, in.readFloats(dim)));
        }

        g.idCount = in.readInt();
        g.idPos = in.readInt();
        if (g.idCount < 0 || g.idCount > idMemory || g.idPos < 0 || g.idPos >= idMemory) {
            throw new IllegalArgumentException("corrupt id ring");
        }
        for (int k = 0; k < g.idCount; k++) {
            g.idRing[k] = in.readLong();
            g.idSet.add(g.idRing[k]);
        }
        return g;
    }
}
