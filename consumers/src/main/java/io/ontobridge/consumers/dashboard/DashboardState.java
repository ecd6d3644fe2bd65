package io.ontobridge.consumers.dashboard;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.consumers.tail.AvroJson;
import io.ontobridge.consumers.tail.GroupView;
import io.ontobridge.platform.kafka.ProbeKeys;
import io.ontobridge.schema.Disagreement;
import io.ontobridge.schema.ProbeSnapshot;
import io.ontobridge.schema.Review;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the dashboard shows, built from the topics as records arrive: per probe (concept, target version) its
 * held-out fidelity and control R^2 over the samples it has seen, and its disagreement rate over the samples it
 * has learned from; the disagreement groups (members, description, growth, verdicts); the latest disagreements,
 * with any review verdict given. Thread-safe.
 */
final class DashboardState {
    /** Disagreements kept for the feed (and for publishing a verdict on one). */
    static final int FEED_SIZE = 100;
    /** The disagreement rate is counted over buckets of this many learned samples. */
    static final int RATE_BUCKET = 500;
    /** Groups on the page (the largest), groups followed (the least recently grown dropped past this). */
    static final int GROUPS_SHOWN = 24;
    static final int GROUPS_KEPT = 500;
    /** Members of a group shown in its card's montage (the latest). */
    static final int MONTAGE = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A group's members without a verdict yet, and how many of those the dashboard holds have one. */
    record GroupReview(List<Disagreement> open, int reviewed) {
    }

    private static final class Probe {
        final ArrayNode fidelity = JSON.createArrayNode();
        final Map<Long, Integer> disagreementsPerBucket = new TreeMap<>();
        ProbeSnapshot latest;
        long disagreements;
    }

    private final Map<String, Probe> probes = new TreeMap<>();
    private final Deque<Disagreement> feed = new ArrayDeque<>();
    private final Map<String, String> verdicts = new HashMap<>();
    private final Map<String, GroupView> groups = new HashMap<>();

    synchronized void add(ProbeSnapshot snapshot) {
        Probe probe = probes.computeIfAbsent(ProbeKeys.of(snapshot.getConcept(), snapshot.getTarget()), k -> new Probe());
        if (probe.latest != null && snapshot.getSamplesSeen() <= probe.latest.getSamplesSeen()) {
            return; // a compacted topic may hold an older snapshot after a newer one was read
        }
        probe.latest = snapshot;
        ObjectNode point = probe.fidelity.addObject();
        point.put("samples", snapshot.getSamplesSeen());
        point.put("pearson", finite(snapshot.getHeldOut().getPearson()));
        point.put("controlR2", snapshot.getControl() == null ? null : finite(snapshot.getControl().getR2()));
    }

    synchronized void add(Disagreement disagreement) {
        Probe probe = probes.computeIfAbsent(ProbeKeys.of(disagreement.getConcept(), disagreement.getTarget()), k -> new Probe());
        probe.disagreements++;
        probe.disagreementsPerBucket.merge(disagreement.getProbeTrainedOn() / RATE_BUCKET, 1, Integer::sum);
        feed.addFirst(disagreement);
        while (feed.size() > FEED_SIZE) {
            feed.removeLast();
        }
        String group = GroupView.key(disagreement);
        if (group != null) {
            GroupView view = groups.get(group);
            if (view == null) {
                groups.put(group, GroupView.startedBy(disagreement));
            } else {
                view.add(disagreement);
            }
            if (groups.size() > GROUPS_KEPT) {
                groups.values().stream().min(Comparator.comparing(GroupView::lastDetected))
                        .ifPresent(stale -> groups.remove(stale.key()));
            }
        }
    }

    synchronized void add(Review review) {
        verdicts.put(review.getSampleId(), review.getVerdict().name());
    }

    /** The disagreement in the feed with this sample id, or null. */
    synchronized Disagreement disagreement(String sampleId) {
        return feed.stream().filter(d -> d.getSampleId().equals(sampleId)).findFirst().orElse(null);
    }

    /**
     * A verdict on a whole group reaches the members the dashboard holds (the latest {@value GroupView#MEMBERS} the
     * monitor emitted) that have no verdict yet: a sample's first verdict is the one the trainer applies, and one
     * given sample by sample is not overruled. Null for a group the dashboard does not know.
     */
    synchronized GroupReview groupReview(String group) {
        GroupView view = groups.get(group);
        if (view == null) {
            return null;
        }
        List<Disagreement> open = view.members().stream().filter(d -> !verdicts.containsKey(d.getSampleId())).toList();
        return new GroupReview(open, view.members().size() - open.size());
    }

    synchronized ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode probeList = root.putArray("probes");
        probes.forEach((key, probe) -> {
            ObjectNode node = probeList.addObject();
            node.put("key", key);
            if (probe.latest != null) {
                node.put("concept", probe.latest.getConcept());
                node.put("target", probe.latest.getTarget().getName());
                node.put("version", probe.latest.getTarget().getVersion());
                node.put("status", probe.latest.getStatus());
                node.put("samplesSeen", probe.latest.getSamplesSeen());
                node.put("pearson", finite(probe.latest.getHeldOut().getPearson()));
            }
            node.put("disagreements", probe.disagreements);
            node.set("fidelity", probe.fidelity.deepCopy());
            ArrayNode rate = node.putArray("disagreementRate");
            probe.disagreementsPerBucket.forEach((bucket, count) -> {
                ObjectNode point = rate.addObject();
                point.put("learned", (bucket + 1) * RATE_BUCKET);
                point.put("per1000", count * 1000.0 / RATE_BUCKET);
            });
        });
        ArrayNode groupList = root.putArray("groups");
        GroupView.ordered(groups.values()).stream().limit(GROUPS_SHOWN).forEach(g -> groupList.add(group(g)));
        ArrayNode items = root.putArray("feed");
        // Newest first by detection time: partitions of the topic arrive interleaved.
        List<Disagreement> newestFirst = new ArrayList<>(feed);
        newestFirst.sort(Comparator.comparing(Disagreement::getDetectedAt).reversed());
        for (Disagreement d : newestFirst) {
            ObjectNode item = items.addObject();
            item.put("sampleId", d.getSampleId());
            item.put("concept", d.getConcept());
            item.put("version", d.getTarget().getVersion());
            item.put("kind", d.getKind());
            item.put("source", d.getFeatureValue());
            item.put("probe", d.getPrediction());
            item.put("residual", d.getResidual());
            item.put("reason", d.getReason());
            item.put("detectedAt", d.getDetectedAt().toString());
            if (d.getGroup() != null) {
                item.put("group", d.getGroup().getId());
                item.put("groupSize", d.getGroup().getSize());
                item.put("groupKey", GroupView.key(d));
            }
            input(item, d);
            item.put("verdict", verdicts.get(d.getSampleId()));
        }
        return root;
    }

    /** One group's card: who it is, its description, a montage of its latest members, its growth and verdicts. */
    private ObjectNode group(GroupView g) {
        ObjectNode node = JSON.createObjectNode();
        node.put("key", g.key());
        node.put("id", g.id());
        node.put("concept", g.concept());
        node.put("target", g.target().getName());
        node.put("version", g.target().getVersion());
        node.put("size", g.size());
        node.put("firstDetected", g.firstDetected().toString());
        node.put("lastDetected", g.lastDetected().toString());
        node.set("description", g.description() == null ? null : AvroJson.toNode(g.description()));
        List<Disagreement> members = g.members();
        node.put("members", members.size());
        ArrayNode montage = node.putArray("montage");
        for (Disagreement d : members.subList(Math.max(0, members.size() - MONTAGE), members.size())) {
            ObjectNode member = montage.addObject();
            member.put("sampleId", d.getSampleId());
            input(member, d);
            member.put("verdict", verdicts.get(d.getSampleId()));
        }
        ArrayNode growth = node.putArray("growth");
        g.growth().forEach(p -> growth.addObject().put("learned", p.learned()).put("size", p.size())
                .put("at", p.at().toString()));
        ObjectNode given = node.putObject("verdicts");
        Map<String, Integer> counts = new TreeMap<>();
        members.forEach(d -> {
            String verdict = verdicts.get(d.getSampleId());
            if (verdict != null) {
                counts.merge(verdict, 1, Integer::sum);
            }
        });
        counts.forEach(given::put);
        node.put("unreviewed", members.size() - counts.values().stream().mapToInt(Integer::intValue).sum());
        return node;
    }

    /** The input for the page: the text, or the PNG as a data URL. */
    private static void input(ObjectNode node, Disagreement d) {
        if (d.getInput().getText() != null) {
            node.put("text", d.getInput().getText());
        }
        if (d.getInput().getImage() != null) {
            node.put("image", "data:image/png;base64," + AvroJson.base64(d.getInput().getImage()));
        }
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
