package io.ontobridge.deploy.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad settings end in a one-line error that names the setting, a non-zero exit and no stack trace. */
class BadSettingsTest {
    @TempDir
    Path dir;

    /** Runs the command line and returns its exit code and what it wrote to stderr. */
    private record Outcome(int exitCode, List<String> errorLines) {
    }

    private static Outcome run(String... args) {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = OntobridgeCli.run(args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList());
        } finally {
            System.setErr(originalErr);
        }
    }

    private static void assertOneLineError(Outcome outcome, String expected) {
        assertEquals(1, outcome.exitCode());
        assertEquals(1, outcome.errorLines().size(), "one line, no stack trace: " + outcome.errorLines());
        String line = outcome.errorLines().get(0);
        assertTrue(line.startsWith("error: ") && line.contains(expected), line);
        assertFalse(line.contains("Exception"), line);
    }

    private static String shapesSpec() throws IOException {
        Path root = Path.of("..", "..").toAbsolutePath().normalize();
        return Files.readString(root.resolve("concepts/shapes.yaml"))
                .replace("../zoo/", root.resolve("zoo") + "/").replace("../worlds/", root.resolve("worlds") + "/");
    }

    @Test
    void aConceptSpecWithAnUnknownFieldOrABadValue() throws IOException {
        Path unknown = Files.writeString(dir.resolve("unknown.yaml"), shapesSpec().replace("  batch_size: 16", "  batch_sizes: 16"));
        assertOneLineError(run("train", "--concept", unknown.toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "unknown field 'probe.batch_sizes'");
        Path bad = Files.writeString(dir.resolve("bad.yaml"), shapesSpec().replace("heldout_percent: 10", "heldout_percent: -3"));
        assertOneLineError(run("monitor", "--concept", bad.toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "probe.heldout_percent: must be between 1 and 50, got -3");
    }

    @Test
    void aBadValueIsSaidOnce() throws IOException {
        Path typo = Files.writeString(dir.resolve("typo.yaml"), shapesSpec().replace("kind: direction", "kind: directoin"));
        Outcome outcome = run("train", "--concept", typo.toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9");
        String cause = "feature.kind: 'directoin' is not one of [direction, unit, vector]";
        assertOneLineError(outcome, cause);
        String line = outcome.errorLines().get(0);
        assertEquals(line.indexOf(cause), line.lastIndexOf(cause), "the cause once: " + line);
    }

    @Test
    void aMissingModelFile() throws IOException {
        Path spec = Files.writeString(dir.resolve("missing.yaml"), shapesSpec().replace("shapes-cnn", "no-such-model"));
        assertOneLineError(run("infer", "--concept", spec.toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "target.model: no such file or folder");
    }

    @Test
    void anAnnouncementOfAMissingFileOrTheWrongChecksum() throws IOException {
        assertOneLineError(run("announce", "--role", "target", "--name", "m", "--version", "2", "--model",
                dir.resolve("no-such.onnx").toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "--model: nothing at");
        Path folder = Files.createDirectories(dir.resolve("not-a-zoo-model"));
        assertOneLineError(run("announce", "--role", "target", "--name", "m", "--version", "2", "--model",
                folder.toString(), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "a model folder holds model.json and model.params");
        Path weights = Files.writeString(dir.resolve("weights.bin"), "weights");
        assertOneLineError(run("announce", "--role", "target", "--name", "m", "--version", "2", "--model",
                weights.toString(), "--sha256", "0".repeat(64), "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9"),
                "--sha256: " + weights + " has sha256 ");
    }

    @Test
    void aMissingOrMalformedConnectionSetting() {
        assertOneLineError(run("generate", "--bootstrap", "127.0.0.1:9"), "registry: is required");
        assertOneLineError(run("tail", "--bootstrap", "127.0.0.1:9", "--registry", "127.0.0.1:8081"),
                "registry: '127.0.0.1:8081' is not an http(s) URL");
    }

    @Test
    void aWrongBootstrapAddress() {
        assertOneLineError(run("tail", "--bootstrap", "127.0.0.1:9", "--registry", "http://127.0.0.1:9/apis/ccompat/v7"),
                "bootstrap: no Kafka broker answered at 127.0.0.1:9");
    }
}
