package io.ontobridge.consumers.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/**
 * Avro records as plain JSON for people and scripts: field names as in the schema, unions as their
 * value (not Avro's tagged form), nested records, arrays and maps as JSON objects and arrays, timestamps as
 * ISO-8601, bytes as base64, NaN as null.
 */
public final class AvroJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private AvroJson() {
    }

    public static String toJson(GenericRecord record) {
        try {
            return JSON.writeValueAsString(toNode(record));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bytes as base64, leaving the buffer's position where it was. */
    public static String base64(ByteBuffer bytes) {
        ByteBuffer copy = bytes.duplicate();
        byte[] raw = new byte[copy.remaining()];
        copy.get(raw);
        return Base64.getEncoder().encodeToString(raw);
    }

    public static ObjectNode toNode(GenericRecord record) {
        ObjectNode node = NODES.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof GenericRecord record) {
            return toNode(record);
        } else if (value instanceof CharSequence text) {
            return NODES.textNode(text.toString());
        } else if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        } else if (value instanceof ByteBuffer bytes) {
            return NODES.textNode(base64(bytes));
        } else if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? NODES.nullNode() : NODES.numberNode(d);
        } else if (value instanceof Float f) {
            return f.isNaN() || f.isInfinite() ? NODES.nullNode() : NODES.numberNode(f);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        } else if (value instanceof Collection<?> items) {
            var array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        } else if (value instanceof Map<?, ?> map) {
            // Avro maps (factors, review counts) as objects: their keys are strings (Utf8 or String).
            ObjectNode object = NODES.objectNode();
            Map<String, Object> sorted = new TreeMap<>();
            map.forEach((k, v) -> sorted.put(String.valueOf(k), v));
            sorted.forEach((k, v) -> object.set(k, value(v)));
            return object;
        }
        return NODES.textNode(value.toString());
    }
}
