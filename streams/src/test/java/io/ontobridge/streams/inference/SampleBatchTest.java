package io.ontobridge.streams.inference;

import io.ontobridge.platform.kafka.ErrorType;
import io.ontobridge.schema.DeadLetter;
import io.ontobridge.schema.ModelRef;
import io.ontobridge.schema.Sample;
import io.ontobridge.schema.SampleInput;
import io.ontobridge.streams.PlainAvroSerdes;
import io.ontobridge.streams.TestRecords;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SampleBatchTest {
    private final PlainAvroSerdes serdes = new PlainAvroSerdes();
    private long offset;

    private ConsumerRecord<String, byte[]> record(String key, byte[] value) {
        return new ConsumerRecord<>("t.samples", 2, offset++, key, value);
    }

    private ConsumerRecord<String, byte[]> record(String concept, String id, SampleInput input, double feature) {
        Sample sample = Sample.newBuilder().setSampleId(id).setConcept(concept).setSource(TestRecords.SOURCE)
                .setInput(input).setFeatureValue(feature).setGeneratorMode("test").setCreatedAt(Instant.EPOCH).build();
        return record(id, serdes.forType(Sample.class).serializer().serialize("t.samples", sample));
    }

    private static SampleInput text(String text) {
        return SampleInput.newBuilder().setText(text).build();
    }

    /**
     * Serves concept "c" from TestRecords.SOURCE (and its announced version "9"); "other" is registered, anything
     * else is not.
     */
    private SampleBatch batch() {
        SampleScope scope = new SampleScope("c", TestRecords.SOURCE.getName(), TestRecords.SOURCE.getVersion(),
                "other"::equals, "9"::equals);
        return new SampleBatch(serdes.forType(Sample.class).deserializer(), scope, "inference");
    }

    @Test
    void keepsGoodSamplesInOrderAndDeadLettersTheRest() {
        SampleBatch batch = batch();
        batch.add(record("c", "first", text("first"), 1.0));
        batch.add(record("k", new byte[]{1, 2, 3}));
        batch.add(record("other", "x", text("not mine"), 1.0));
        batch.add(record("c", "img", SampleInput.newBuilder().setImage(ByteBuffer.wrap(new byte[]{9})).build(), 1.0));
        batch.add(record("c", "nan", text("nan"), Double.NaN));
        batch.add(record("c", "second", text("second"), -2.0));

        assertEquals(List.of("first", "img", "second"), batch.samples().stream().map(Sample::getSampleId).toList());
        assertEquals(List.of(0L, 3L, 5L), batch.records().stream().map(ConsumerRecord::offset).toList());
        assertEquals(batch.samples().get(1).getInput(), batch.inputs().get(1));
        List<DeadLetter> letters = batch.deadLetters();
        assertEquals(List.of("undecodable", "bad-feature-value"),
                letters.stream().map(DeadLetter::getErrorType).toList());
        DeadLetter undecodable = letters.get(0);
        assertNull(undecodable.getSampleId());
        assertEquals("t.samples", undecodable.getSourceTopic());
        assertEquals(2, undecodable.getSourcePartition());
        assertEquals(1, undecodable.getSourceOffset());
        byte[] original = new byte[3];
        undecodable.getOriginalValue().duplicate().get(original);
        assertArrayEquals(new byte[]{1, 2, 3}, original);
        assertEquals("nan", letters.get(1).getSampleId());
    }

    @Test
    void aConceptNobodyServesAndAForeignSourceModelAreDeadLetters() {
        SampleBatch batch = batch();
        batch.add(record("nobody", "stray", text("a stray"), 1.0));
        var foreign = Sample.newBuilder().setSampleId("foreign").setConcept("c")
                .setSource(new ModelRef("another-source", "9", "f".repeat(64), "l")).setInput(text("x"))
                .setFeatureValue(1.0).setGeneratorMode("test").setCreatedAt(Instant.EPOCH).build();
        batch.add(record("foreign", serdes.forType(Sample.class).serializer().serialize("t.samples", foreign)));
        batch.add(record("c", "good", text("good"), 1.0));

        assertEquals(List.of("good"), batch.samples().stream().map(Sample::getSampleId).toList());
        List<DeadLetter> letters = batch.deadLetters();
        assertEquals(List.of("unknown-concept", "unknown-model"), letters.stream().map(DeadLetter::getErrorType).toList());
        assertEquals("stray", letters.get(0).getSampleId());
        assertTrue(letters.get(0).getReason().contains("'nobody'"), letters.get(0).getReason());
        assertTrue(letters.get(1).getReason().contains("another-source version 9"), letters.get(1).getReason());
        assertEquals(1, letters.get(1).getSourceOffset());
    }

    @Test
    void anAnnouncedSourceVersionIsAcceptedAndAnUnannouncedOneIsNot() {
        SampleBatch batch = batch();
        for (String version : List.of("9", "8")) {
            var sample = Sample.newBuilder().setSampleId("v" + version).setConcept("c")
                    .setSource(new ModelRef(TestRecords.SOURCE.getName(), version, "f".repeat(64), "l")).setInput(text("x"))
                    .setFeatureValue(1.0).setGeneratorMode("test").setCreatedAt(Instant.EPOCH).build();
            batch.add(record("v" + version, serdes.forType(Sample.class).serializer().serialize("t.samples", sample)));
        }
        assertEquals(List.of("v9"), batch.samples().stream().map(Sample::getSampleId).toList());
        assertEquals(List.of("unknown-model"), batch.deadLetters().stream().map(DeadLetter::getErrorType).toList());
        assertEquals("v8", batch.deadLetters().get(0).getSampleId());
    }

    @Test
    void rejectionsFromTheModelKeepTheirCode() {
        SampleBatch batch = batch();
        var rec = record("c", "long", text("word ".repeat(10)), 1.0);
        batch.add(rec);
        batch.reject(rec, "long", ErrorType.INPUT_TOO_LONG, "text has 12 tokens, more than max_tokens 8");
        assertEquals("input-too-long", batch.deadLetters().get(0).getErrorType());
        assertEquals("inference", batch.deadLetters().get(0).getService());
    }
}
