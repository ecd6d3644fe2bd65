package io.ontobridge.deploy.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ontobridge.platform.concept.ConceptSpec;
import io.ontobridge.platform.config.ServiceSettings;
import io.ontobridge.platform.kafka.TopicSetup;
import io.ontobridge.schema.Score;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code ./ontobridge bench}: the pipeline against this machine's limit for a scenario, in one run.
 * <ol>
 *   <li>raw: the source and target models in this process, without Kafka ({@link RawInference});</li>
 *   <li>pipeline: the four services, each its own JVM with its heap limit, move {@code samples} samples
 *       as fast as they can; sustained throughput, the online probe against the offline optimum on the
 *       same activations ({@link ProbeVsOffline}), each service's peak resident memory;</li>
 *   <li>latency: the same services at half that throughput, timed as a subscriber sees the records;</li>
 *   <li>trainer capacity: the real trainer alone on synthetic 384-value activations ({@link TrainerCapacity}).</li>
 * </ol>
 */
public final class Bench {
    /** Heap limits: the services that host a model get more. */
    static final int SMALL_HEAP_MB = 512;
    static final int MODEL_HEAP_MB = 1536;
    private static final int TRAINER_DIMENSION = 384;

    /**
     * @param samples        samples the pipeline moves at full speed
     * @param probePass      the first so many of them are the online probe's one pass, compared with ridge
     * @param rawSamples     samples for each raw measurement
     * @param trainerSamples synthetic samples for each trainer capacity run
     * @param parts          which measurements to run: {@link #PARTS}
     * @param profileDir     where each service JVM writes a Java Flight Recording; null records none
     */
    public record Options(String scenario, ConceptSpec spec, Path specFile, int samples, int probePass, int rawSamples,
                          int trainerSamples, Duration latencyRun, Set<String> parts, Path profileDir, int instances) {
        public Options {
            parts = Set.copyOf(parts);
            if (instances < 1 || instances > 8) {
                throw new IllegalArgumentException("--instances: between 1 and 8, got " + instances);
            }
            if (!PARTS.containsAll(parts) || parts.isEmpty()) {
                throw new IllegalArgumentException("--parts: choose from " + PARTS + ", got " + parts);
            }
        }
    }

    /** The measurements, in the order they run. */
    public static final List<String> PARTS = List.of("raw", "pipeline", "trainer");

    private final ServiceSettings settings;
    private final Options options;
    private final PrintStream out;
    private final Path workDir;
    private final ServiceGroups groups;

    public Bench(ServiceSettings settings, Options options, PrintStream out) {
        this.settings = settings;
        this.options = options;
        this.out = out;
        this.workDir = settings.workDir().resolve("bench");
        this.groups = new ServiceGroups(settings, options.spec(), workDir);
    }

    public ObjectNode run() throws Exception {
        long began = System.nanoTime();
        ConceptSpec spec = options.spec();
        ObjectNode result = new ObjectMapper().createObjectNode();
        result.put("scenario", options.scenario());
        result.put("concept", spec.concept());
        result.put("source_model", spec.source().name());
        result.put("target_model", spec.target().name());
        ObjectNode machine = result.putObject("machine");
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        machine.put("java", System.getProperty("java.version"));

        double rawChain = Double.NaN;
        if (options.parts().contains("raw")) {
            out.printf(Locale.ROOT, "raw: %s -> %s in this process, %d samples each...%n", spec.source().name(),
                    spec.target().name(), options.rawSamples());
            RawInference.Figures raw = RawInference.measure(spec, settings.modelCache(), options.rawSamples());
            result.put("raw_source_inference_per_s", round(raw.sourcePerS()));
            result.put("raw_target_inference_per_s", round(raw.targetPerS()));
            result.put("raw_chain_per_s", round(raw.chainPerS()));
            out.printf(Locale.ROOT, "  source %.1f/s, target %.1f/s, chain %.1f/s%n", raw.sourcePerS(), raw.targetPerS(),
                    raw.chainPerS());
            rawChain = raw.chainPerS();
        }
        if (options.parts().contains("pipeline")) {
            runPipeline(result, rawChain);
        }
        if (options.parts().contains("trainer")) {
            out.printf(Locale.ROOT, "trainer alone: %d synthetic samples of %d values, linear and mlp probes...%n",
                    options.trainerSamples(), TRAINER_DIMENSION);
            ObjectNode trainer = result.putObject("trainer_updates_per_s");
            for (String kind : List.of("linear", "mlp")) {
                double perS = TrainerCapacity.samplesPerSecond(settings, spec, options.specFile(), kind, TRAINER_DIMENSION,
                        options.trainerSamples(), workDir);
                trainer.put(kind, round(perS));
                out.printf(Locale.ROOT, "  %s: %.0f samples/s%n", kind, perS);
            }
        }
        result.put("bench_seconds", round((System.nanoTime() - began) / 1e9));
        return result;
    }

    /** The four services as their own JVMs: full speed, then half speed for latency; memory throughout. */
    private void runPipeline(ObjectNode result, double rawChain) throws Exception {
        ConceptSpec spec = options.spec();
        TopicSetup.ensureTopics(settings);
        Path settingsFile = writeSettings(settings, workDir.resolve("settings.properties"));
        String run = UUID.randomUUID().toString().substring(0, 6);
        List<ServiceProcess> services = new ArrayList<>();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        ObjectNode rss = new ObjectMapper().createObjectNode();
        try {
            services.add(launch("inference", MODEL_HEAP_MB, settingsFile, "infer"));
            services.add(launch("trainer", SMALL_HEAP_MB, settingsFile, "train"));
            services.add(launch("monitor", monitorHeapMb(), settingsFile, "monitor"));
            sampler.scheduleAtFixedRate(() -> services.forEach(ServiceProcess::samplePeak), 0, 500, TimeUnit.MILLISECONDS);
            groups.awaitReady(services);

            // Pass 1: the probe's one pass, with every service still cold (fresh JVMs compile their hot paths).
            out.printf(Locale.ROOT, "pipeline, cold: the probe's first %d samples through the four services at full speed...%n",
                    options.probePass());
            List<Score> first = runAtFullSpeed(services, settingsFile, "pass-" + run, options.probePass());
            double coldPerS = sustainedPerS(first);
            result.put("pipeline_cold_per_s", round(coldPerS));
            // The scores of one probe share a partition, in the order the trainer took the samples.
            List<Score> pass = first;
            ProbeVsOffline.Figures quality = ProbeVsOffline.compare(pass, spec.probe());
            out.printf(Locale.ROOT, "  %d scored at %.1f/s%n", first.size(), coldPerS);
            if (quality != null) {
                ObjectNode node = result.putObject("probe_vs_offline");
                node.put("online_pearson", round(quality.onlinePearson()));
                node.put("offline_pearson", round(quality.offlinePearson()));
                node.put("ratio", round(quality.ratio()));
                node.put("samples", pass.size());
                node.put("train", quality.train());
                node.put("heldout", quality.heldOut());
                out.printf(Locale.ROOT, "  probe after one pass over %d samples: held-out r %.4f online, %.4f offline ridge (ratio %.4f)%n",
                        pass.size(), quality.onlinePearson(), quality.offlinePearson(), quality.ratio());
            }

            // Pass 2: the same services, warm, as they run for weeks.
            out.printf(Locale.ROOT, "pipeline, warm: %d samples at full speed...%n", options.samples());
            List<Score> full = runAtFullSpeed(services, settingsFile, "full-" + run, options.samples());
            double pipelinePerS = sustainedPerS(full);
            result.put("pipeline_per_s", round(pipelinePerS));
            if (Double.isFinite(rawChain)) {
                result.put("pipeline_vs_raw", round(pipelinePerS / rawChain));
            }
            result.put("pipeline_samples", full.size());
            out.printf(Locale.ROOT, "  %d scored, sustained %.1f/s%s%n", full.size(), pipelinePerS,
                    Double.isFinite(rawChain) ? String.format(Locale.ROOT, " (%.2f of the raw chain)", pipelinePerS / rawChain) : "");

            if (options.instances() > 1) {
                // The same warm pass again with more target inference instances sharing the samples' partitions.
                ObjectNode byInstances = result.putObject("pipeline_per_s_by_inference_instances");
                byInstances.put("1", round(pipelinePerS));
                for (int i = 2; i <= options.instances(); i++) {
                    services.add(launch("inference-" + i, MODEL_HEAP_MB, settingsFile, "infer", "--instance", "i" + i));
                }
                groups.awaitInferenceInstances(services, options.instances());
                out.printf(Locale.ROOT, "pipeline, warm, %d inference instances: %d samples at full speed...%n",
                        options.instances(), options.samples());
                List<Score> scaled = runAtFullSpeed(services, settingsFile, "scaled-" + run, options.samples());
                double scaledPerS = sustainedPerS(scaled);
                byInstances.put(String.valueOf(options.instances()), round(scaledPerS));
                out.printf(Locale.ROOT, "  %d scored, sustained %.1f/s with %d inference instances (%.1f/s with one)%n",
                        scaled.size(), scaledPerS, options.instances(), pipelinePerS);
            }

            double rate = pipelinePerS / 2;
            int latencySamples = (int) Math.max(200, Math.round(rate * options.latencyRun().toSeconds()));
            out.printf(Locale.ROOT, "latency: %d samples at %.1f/s (half the sustained throughput)...%n", latencySamples, rate);
            try (LatencyWatch watch = LatencyWatch.start(settings, "half-" + run + "-")) {
                ServiceProcess paced = launch("generator-paced", SMALL_HEAP_MB, settingsFile, "generate",
                        "--samples", Integer.toString(latencySamples), "--run-id", "half-" + run,
                        "--rate", String.format(Locale.ROOT, "%.3f", rate));
                services.add(paced);
                ServiceGroups.awaitGenerator(paced);
                groups.awaitDrained(services);
                watch.awaitScores(latencySamples, Duration.ofSeconds(60));
                ObjectNode latency = result.putObject("latency_ms");
                latency.set("sample_to_score", watch.scoreLatency().toJson());
                latency.set("sample_to_disagreement", watch.disagreementLatency().toJson());
                latency.put("rate_per_s", round(rate));
                out.printf(Locale.ROOT, "  sample->score %s; sample->disagreement %s%n", watch.scoreLatency(),
                        watch.disagreementLatency());
            }
        } finally {
            sampler.shutdownNow();
            for (ServiceProcess service : services) {
                service.close();
                if (service.peakRssMb() >= 0) {
                    // The generators of the passes are one service: its peak over them.
                    String name = service.name().startsWith("generator") ? "generator" : service.name();
                    rss.put(name, round(Math.max(service.peakRssMb(), rss.path(name).asDouble(0))));
                }
            }
        }
        result.set("peak_rss_mb", rss);
        ObjectNode heap = result.putObject("heap_limit_mb");
        heap.put("generator", SMALL_HEAP_MB);
        heap.put("inference", MODEL_HEAP_MB);
        heap.put("trainer", SMALL_HEAP_MB);
        heap.put("monitor", monitorHeapMb());
        // The services that host a model, whose heap target is 1.5 GB rather than 512 MB.
        var hosting = result.putArray("model_hosting").add("inference");
        if (monitorHeapMb() == MODEL_HEAP_MB) {
            hosting.add("monitor");
        }
    }

    /** A generator publishes {@code samples} samples unpaced; their scores once all are through. */
    private List<Score> runAtFullSpeed(List<ServiceProcess> services, Path settingsFile, String runId, int samples)
            throws Exception {
        ServiceProcess generator = launch("generator-" + runId.substring(0, runId.indexOf('-')), SMALL_HEAP_MB,
                settingsFile, "generate", "--samples", Integer.toString(samples), "--run-id", runId);
        services.add(generator);
        ServiceGroups.awaitGenerator(generator);
        groups.awaitDrained(services);
        return TopicReader.scores(settings, runId + "-", samples);
    }

    /** The monitor explains text disagreements with the source model: then it hosts a model too. */
    private int monitorHeapMb() {
        return options.spec().source().isImage() ? SMALL_HEAP_MB : MODEL_HEAP_MB;
    }

    private ServiceProcess launch(String name, int heapMb, Path settingsFile, String command, String... extra)
            throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--concept", options.specFile().toString(),
                "--config", settingsFile.toString()));
        args.addAll(List.of(extra));
        return ServiceProcess.launch(name, heapMb, workDir.resolve("logs"), options.profileDir(), args);
    }

    /** {@code settings} as a settings file the services read ({@code --config}). */
    static Path writeSettings(ServiceSettings settings, Path file) throws IOException {
        Properties props = new Properties();
        props.setProperty("bootstrap", settings.bootstrap());
        props.setProperty("registry", settings.registry());
        props.setProperty("topic.prefix", settings.topicPrefix());
        props.setProperty("partitions", Integer.toString(settings.partitions()));
        props.setProperty("work.dir", settings.workDir().toAbsolutePath().toString());
        settings.kafka().forEach((key, value) -> props.setProperty("kafka." + key, value));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.deleteIfExists(file);
        Files.createFile(file);
        try {
            // It may hold client secrets: for the owner's eyes only.
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system
        }
        try (var writer = Files.newBufferedWriter(file)) {
            props.store(writer, "ontobridge bench");
        }
        return file;
    }

    /**
     * Samples per second once the pipeline is full and warm: scored samples over the time between the score of
     * the first third and the last score. Each service is a fresh JVM, and its first seconds go to compiling
     * its hot paths, which a service that runs for weeks pays once.
     */
    static double sustainedPerS(List<Score> scores) {
        List<Long> at = scores.stream().map(s -> s.getScoredAt().toEpochMilli()).sorted().toList();
        if (at.size() < 30) {
            return Double.NaN;
        }
        int from = at.size() / 3;
        double seconds = (at.get(at.size() - 1) - at.get(from)) / 1000.0;
        return (at.size() - 1 - from) / Math.max(1e-3, seconds);
    }

    static double round(double value) {
        return Double.isFinite(value) ? Math.round(value * 1e4) / 1e4 : Double.NaN;
    }
}
