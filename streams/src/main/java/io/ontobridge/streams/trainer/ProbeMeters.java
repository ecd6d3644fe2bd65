package io.ontobridge.streams.trainer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Tags;
import io.ontobridge.probe.ProbeStatus;
import io.ontobridge.schema.ProbeSnapshot;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each probe's latest snapshot as gauges, per concept and target version: held-out Pearson and R^2, the control
 * probe's R^2, samples seen, the status (1 for the current one, 0 for the others, concept-drift among them) and the
 * share of scores the monitor flags as the drift watch ({@link DriftWatch}) keeps it.
 */
final class ProbeMeters {
    /** probe key -> its latest figures, read by the gauges. */
    private static final Map<String, Figures> FIGURES = new ConcurrentHashMap<>();

    private static final class Figures {
        volatile double pearson = Double.NaN;
        volatile double r2 = Double.NaN;
        volatile double controlR2 = Double.NaN;
        volatile double samplesSeen;
        volatile double disagreementRate = Double.NaN;
        volatile String status = "";
    }

    private ProbeMeters() {
    }

    /** @param disagreementRate the share of judged scores the monitor flags, in the probe's ADWIN window */
    static void update(String key, ProbeSnapshot snapshot, double disagreementRate) {
        Figures figures = FIGURES.computeIfAbsent(key, k -> register(snapshot));
        figures.disagreementRate = disagreementRate;
        figures.pearson = snapshot.getHeldOut().getPearson();
        figures.r2 = snapshot.getHeldOut().getR2();
        figures.controlR2 = snapshot.getControl() == null ? Double.NaN : snapshot.getControl().getR2();
        figures.samplesSeen = snapshot.getSamplesSeen();
        figures.status = snapshot.getStatus();
    }

    private static Figures register(ProbeSnapshot snapshot) {
        Figures figures = new Figures();
        Tags tags = Tags.of("concept", snapshot.getConcept(), "target", snapshot.getTarget().getName(),
                "version", snapshot.getTarget().getVersion());
        Gauge.builder("ontobridge.probe.heldout.pearson", figures, f -> f.pearson).tags(tags)
                .description("held-out Pearson of the probe's predictions with the source feature").register(Metrics.globalRegistry);
        Gauge.builder("ontobridge.probe.heldout.r2", figures, f -> f.r2).tags(tags).register(Metrics.globalRegistry);
        Gauge.builder("ontobridge.probe.control.r2", figures, f -> f.controlR2).tags(tags)
                .description("held-out R^2 of the same probe fitted to permuted feature values").register(Metrics.globalRegistry);
        Gauge.builder("ontobridge.probe.samples.seen", figures, f -> f.samplesSeen).tags(tags).register(Metrics.globalRegistry);
        Gauge.builder("ontobridge.probe.disagreement.rate", figures, f -> f.disagreementRate).tags(tags)
                .description("share of the judged scores the monitor flags, in the window ADWIN keeps since its last change")
                .register(Metrics.globalRegistry);
        for (ProbeStatus status : ProbeStatus.values()) {
            String name = status.wireName();
            Gauge.builder("ontobridge.probe.status", figures, f -> name.equals(f.status) ? 1 : 0)
                    .tags(tags.and("status", name)).register(Metrics.globalRegistry);
        }
        return figures;
    }
}
