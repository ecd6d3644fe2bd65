package io.ontobridge.consumers.tail;

import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.GroupDescription;
import io.ontobridge.schema.ModelRef;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One disagreement group as a reader of the disagreements topic sees it: the group's records so far (its members
 * that the monitor emitted, the latest {@value #MEMBERS}), its size, its latest description and how its size grew.
 * The export and the dashboard both build these. Not thread-safe.
 *
 * <p>A group is named like the monitor names it: its probe (concept, target model, version) and its id, which is
 * stable for the probe. The monitor emits a group's news only (a new group, a milestone size) unless the spec says
 * {@code emit: all}, so the members here are a sample of the group; {@link #size()} is the monitor's own count.
 */
public final class GroupView {
    /** Member records kept per group: enough for a montage and for a verdict on the whole group. */
    public static final int MEMBERS = 200;
    /** Points kept of the size's growth (the oldest are dropped past this). */
    static final int POINTS = 500;

    /** The group's size when a record of it was detected, and how many samples the probe had learned then. */
    public record Point(long learned, int size, Instant at) {
    }

    private final String key;
    private final String concept;
    private final ModelRef target;
    private final long id;
    private final Deque<Disagreement> members = new ArrayDeque<>();
    private final Deque<Point> growth = new ArrayDeque<>();
    private int size;
    private long records;
    private Instant firstDetected;
    private Instant lastDetected;
    private Disagreement described;
    private Map<String, Integer> monitorReviews = Map.of();

    private GroupView(Disagreement first) {
        this.key = key(first);
        this.concept = first.getConcept();
        this.target = first.getTarget();
        this.id = first.getGroup().getId();
    }

    /** The group's name, "concept|target|version|id", as the monitor keys its members; null for a record with no group. */
    public static String key(Disagreement d) {
        return d.getGroup() == null ? null : ProbeKeys.of(d.getConcept(), d.getTarget()) + "|" + d.getGroup().getId();
    }

    /** The groups of these disagreements (records with no group left out), largest first, then the latest first. */
    public static List<GroupView> of(Collection<Disagreement> disagreements) {
        Map<String, GroupView> groups = new LinkedHashMap<>();
        List<Disagreement> oldestFirst = new ArrayList<>(disagreements);
        oldestFirst.sort(Comparator.comparing(Disagreement::getDetectedAt));
        for (Disagreement d : oldestFirst) {
            if (d.getGroup() != null) {
                groups.computeIfAbsent(key(d), k -> new GroupView(d)).add(d);
            }
        }
        return ordered(groups.values());
    }

    /** Largest first, then the one detected last first: the groups that matter most on top. */
    public static List<GroupView> ordered(Collection<GroupView> groups) {
        List<GroupView> list = new ArrayList<>(groups);
        list.sort(Comparator.comparingInt(GroupView::size).reversed()
                .thenComparing(GroupView::lastDetected, Comparator.reverseOrder()));
        return list;
    }

    /** A new group view holding this record, which must have a group. */
    public static GroupView startedBy(Disagreement d) {
        GroupView view = new GroupView(d);
        view.add(d);
        return view;
    }

    /** Takes one more record of this group (records may arrive out of order across partitions). */
    public void add(Disagreement d) {
        if (!key.equals(key(d))) {
            throw new IllegalArgumentException("record of group " + key(d) + " added to group " + key);
        }
        records++;
        members.removeIf(m -> m.getSampleId().equals(d.getSampleId()));
        members.addLast(d);
        while (members.size() > MEMBERS) {
            members.removeFirst();
        }
        int recordSize = d.getGroup().getSize();
        if (recordSize >= size) {
            size = recordSize;
            monitorReviews = Map.copyOf(d.getGroup().getReviews());
        }
        growth.addLast(new Point(d.getProbeTrainedOn(), recordSize, d.getDetectedAt()));
        while (growth.size() > POINTS) {
            growth.removeFirst();
        }
        if (firstDetected == null || d.getDetectedAt().isBefore(firstDetected)) {
            firstDetected = d.getDetectedAt();
        }
        if (lastDetected == null || d.getDetectedAt().isAfter(lastDetected)) {
            lastDetected = d.getDetectedAt();
        }
        // The description the monitor gave last: the one of the largest group, the latest one on a tie.
        if (d.getGroup().getDescription() != null && (described == null
                || recordSize > described.getGroup().getSize()
                || recordSize == described.getGroup().getSize() && !d.getDetectedAt().isBefore(described.getDetectedAt()))) {
            described = d;
        }
    }

    public String key() {
        return key;
    }

    public String concept() {
        return concept;
    }

    public ModelRef target() {
        return target;
    }

    public long id() {
        return id;
    }

    /** The monitor's count of the group's disagreements, from the largest record seen. */
    public int size() {
        return size;
    }

    /** Records of the group read (each member counted once per record). */
    public long records() {
        return records;
    }

    /** The member records kept, the latest last. */
    public List<Disagreement> members() {
        return List.copyOf(members);
    }

    /** The group's size as each record found it, in the order they were read. */
    public List<Point> growth() {
        List<Point> points = new ArrayList<>(growth);
        points.sort(Comparator.comparingLong(Point::learned).thenComparingInt(Point::size));
        return points;
    }

    /** The latest description of the group, or null while the monitor has not described it. */
    public GroupDescription description() {
        return described == null ? null : described.getGroup().getDescription();
    }

    /** Verdicts on the group's samples as the monitor counted them on its largest record. */
    public Map<String, Integer> monitorReviews() {
        return monitorReviews;
    }

    public Instant firstDetected() {
        return firstDetected;
    }

    public Instant lastDetected() {
        return lastDetected;
    }
}
