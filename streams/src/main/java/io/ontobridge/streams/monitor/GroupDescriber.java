package io.ontobridge.streams.monitor;

import io.ontobridge.probe.state.StateReader;
import io.ontobridge.probe.state.StateWriter;
import io.ontobridge.schema.Contrast;
import io.ontobridge.schema.GroupDescription;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What sets a group of disagreements apart, in the world's factors (where samples carry them) and in the source's
 * other concepts (the spec's {@code feature.catalogue}): the group's latest members against the recent samples that
 * the source reads on the same side of the concept. Among inputs the source calls alike, the group is what the
 * target means otherwise: for large triangles a target calls squares, "size 8.0-10.0 (rest 3.0-10.0)", not
 * "is_triangle", which every triangle shares.
 *
 * <p>Factors are ranked by |Cliff's delta| (P(member > other) - P(member < other)): it compares whole
 * distributions, so a 0/1 indicator that half the rest shares does not outrank a range the group alone holds, as a
 * standardized mean difference of an indicator can. Source concepts are ranked by |standardized mean difference|.
 * The concept's own factor is left out (it is the concept, not what sets the group apart), and so are factors with
 * more than two integer values (the shape's class id, which its 0/1 indicators describe). The monitor feeds it no
 * samples drawn near a disagreement (active sampling): they share the example's factors by construction.
 */
final class GroupDescriber {
    /** Recent samples kept to compare against, and members kept per group. */
    static final int RECENT = 2000;
    static final int MEMBERS = 200;
    /** A group is described once it has this many members, against at least this many compared samples. */
    static final int MIN_MEMBERS = 3;
    static final int MIN_COMPARED = 20;
    /** Contrasts named in the description's text. */
    private static final int IN_TEXT = 3;
    private static final String FACTOR = "f:";
    private static final String CONCEPT = "c:";

    /** One sample: the source's value and its factors and concepts, by prefixed name. */
    record Entry(double source, Map<String, Double> values) {
    }

    private final ArrayDeque<Entry> recent = new ArrayDeque<>();
    private final Map<Long, ArrayDeque<Entry>> members = new HashMap<>();

    /** A judged sample: kept among the recent ones. */
    void observe(double source, Map<String, Double> factors, Map<String, Double> concepts) {
        add(recent, entry(source, factors, concepts), RECENT);
    }

    /** A member of a group. */
    void join(long group, double source, Map<String, Double> factors, Map<String, Double> concepts) {
        add(members.computeIfAbsent(group, g -> new ArrayDeque<>()), entry(source, factors, concepts), MEMBERS);
    }

    /**
     * The group's description, or null while it has too few members or there are too few samples on its side.
     *
     * @param conceptMean   the running mean of the source feature: which side of the concept a value lies on
     * @param conceptFactor the factor the concept itself tracks, left out of the factors; may be null
     */
    GroupDescription describe(long group, double conceptMean, String conceptFactor) {
        ArrayDeque<Entry> own = members.get(group);
        if (own == null || own.size() < MIN_MEMBERS) {
            return null;
        }
        double groupSource = own.stream().mapToDouble(Entry::source).average().orElse(Double.NaN);
        boolean above = groupSource >= conceptMean;
        List<Entry> rest = recent.stream().filter(e -> (e.source() >= conceptMean) == above).toList();
        if (rest.size() < MIN_COMPARED) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        own.forEach(e -> names.addAll(e.values().keySet()));
        List<Contrast> factors = new ArrayList<>();
        List<Contrast> concepts = new ArrayList<>();
        for (String name : names) {
            double[] g = values(own, name);
            double[] r = values(rest, name);
            if (g.length < MIN_MEMBERS || r.length < MIN_COMPARED) {
                continue;
            }
            if (name.startsWith(FACTOR)) {
                String factor = name.substring(FACTOR.length());
                // A class id is told by the values of every recent sample: on one side of the concept it may take
                // only two values (circle and square, not triangle) and pass for a 0/1 factor.
                if (factor.equals(conceptFactor) || categorical(values(recent, name))) {
                    continue;
                }
                factors.add(contrast(factor, g, r));
            } else {
                concepts.add(contrast(name.substring(CONCEPT.length()), g, r));
            }
        }
        factors.sort(Comparator.comparingDouble((Contrast c) -> -Math.abs(c.getEffect())));
        concepts.sort(Comparator.comparingDouble((Contrast c) -> -Math.abs(c.getSmd())));
        return new GroupDescription(own.size(), rest.size(), factors, concepts, text(factors, concepts));
    }

    /** The group's contrasts in words: its leading factors, then its leading source concepts. */
    static String text(List<Contrast> factors, List<Contrast> concepts) {
        List<String> parts = new ArrayList<>();
        for (Contrast c : factors.subList(0, Math.min(IN_TEXT, factors.size()))) {
            if (binary(c)) {
                parts.add(String.format(Locale.ROOT, "%s %.2f (rest %.2f)", c.getName(), c.getGroupMean(), c.getRestMean()));
            } else {
                parts.add(String.format(Locale.ROOT, "%s %.2f-%.2f (rest %.2f-%.2f)", c.getName(), c.getGroupMin(),
                        c.getGroupMax(), c.getRestMin(), c.getRestMax()));
            }
        }
        for (Contrast c : concepts.subList(0, Math.min(IN_TEXT, concepts.size()))) {
            parts.add(String.format(Locale.ROOT, "source's %s %+.1f SD", c.getName(), c.getSmd()));
        }
        return parts.isEmpty() ? "nothing to compare" : String.join("; ", parts);
    }

    /** Forgets a group's members (none are kept for groups no longer described). */
    void forget(long group) {
        members.remove(group);
    }

    static Contrast contrast(String name, double[] group, double[] rest) {
        double[] sortedRest = rest.clone();
        Arrays.sort(sortedRest);
        double memberGreater = 0;
        double memberLess = 0;
        for (double v : group) {
            memberGreater += lowerBound(sortedRest, v);                     // others below v
            memberLess += sortedRest.length - upperBound(sortedRest, v);    // others above v
        }
        double delta = (memberGreater - memberLess) / ((double) group.length * rest.length);
        double gm = mean(group);
        double rm = mean(rest);
        double pooled = Math.sqrt((variance(group, gm) + variance(rest, rm)) / 2);
        double smd = pooled > 0 ? (gm - rm) / pooled : 0;
        return new Contrast(name, delta, smd, gm, rm, min(group), max(group), sortedRest[0],
                sortedRest[sortedRest.length - 1]);
    }

    private static boolean binary(Contrast c) {
        return c.getRestMin() >= 0 && c.getRestMax() <= 1 && c.getGroupMin() >= 0 && c.getGroupMax() <= 1
                && (c.getRestMin() == 0 || c.getRestMin() == 1) && (c.getRestMax() == 0 || c.getRestMax() == 1);
    }

    /** Integer values, more than two of them: a class id, not a quantity. */
    private static boolean categorical(double[] values) {
        Set<Double> distinct = new HashSet<>();
        for (double v : values) {
            if (v != Math.rint(v)) {
                return false;
            }
            distinct.add(v);
        }
        return distinct.size() > 2;
    }

    private static Entry entry(double source, Map<String, Double> factors, Map<String, Double> concepts) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (factors != null) {
            factors.forEach((k, v) -> values.put(FACTOR + k, v));
        }
        if (concepts != null) {
            concepts.forEach((k, v) -> values.put(CONCEPT + k, v));
        }
        return new Entry(source, values);
    }

    private static void add(ArrayDeque<Entry> into, Entry entry, int cap) {
        into.addLast(entry);
        while (into.size() > cap) {
            into.removeFirst();
        }
    }

    private static double[] values(Iterable<Entry> entries, String name) {
        List<Double> out = new ArrayList<>();
        for (Entry e : entries) {
            Double v = e.values().get(name);
            if (v != null && Double.isFinite(v)) {
                out.add(v);
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN);
    }

    private static double variance(double[] v, double mean) {
        if (v.length < 2) {
            return 0;
        }
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return s / (v.length - 1);
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }

    // ---------------------------------------------------------------- state

    byte[] toBytes() {
        StateWriter out = new StateWriter("group descriptions", 64 * 1024);
        writeEntries(out, recent);
        out.writeInt(members.size());
        for (var group : members.entrySet()) {
            out.writeLong(group.getKey());
            writeEntries(out, group.getValue());
        }
        return out.toByteArray();
    }

    static GroupDescriber fromBytes(byte[] bytes) {
        return StateReader.read(bytes, "group descriptions", in -> {
            GroupDescriber describer = new GroupDescriber();
            describer.recent.addAll(readEntries(in));
            int groups = in.readCount("groups", 10_000_000);
            for (int i = 0; i < groups; i++) {
                long id = in.readLong();
                describer.members.put(id, new ArrayDeque<>(readEntries(in)));
            }
            return describer;
        });
    }

    private static void writeEntries(StateWriter out, ArrayDeque<Entry> entries) {
        out.writeInt(entries.size());
        for (Entry e : entries) {
            out.writeDouble(e.source());
            out.writeInt(e.values().size());
            e.values().forEach((k, v) -> out.writeUtf(k).writeDouble(v));
        }
    }

    private static List<Entry> readEntries(StateReader in) {
        int n = in.readCount("entries", RECENT);
        List<Entry> entries = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double source = in.readDouble();
            int k = in.readCount("values", 10_000);
            Map<String, Double> values = new LinkedHashMap<>();
            for (int j = 0; j < k; j++) {
                values.put(in.readUtf(), in.readDouble());
            }
            entries.add(new Entry(source, values));
        }
        return entries;
    }
}
