package io.ontobridge.platform.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reads YAML files into records strictly (snake_case fields): an unknown field or a value of the
 * wrong type is a one-line error that names the file and the field.
 */
public final class StrictYaml {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private StrictYaml() {
    }

    /**
     * @param what  what the file is, for messages ("concept spec", "world config")
     * @param error makes the exception thrown for a message
     */
    public static <T> T read(Path file, Class<T> type, String what, Function<String, ? extends RuntimeException> error) {
        if (!Files.isRegularFile(file)) {
            throw error.apply(what + " " + file + ": no such file");
        }
        T value;
        try {
            value = YAML.readValue(file.toFile(), type);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw error.apply(what + " " + file + ": unknown field '" + fieldPath(e) + "' (known here: " + known + ")");
        } catch (JsonMappingException e) {
            throw error.apply(what + " " + file + ": bad value at '" + fieldPath(e) + "': "
                    + e.getOriginalMessage().lines().findFirst().orElse(""));
        } catch (IOException e) {
            throw error.apply(what + " " + file + ": cannot read it: " + e.getMessage());
        }
        if (value == null) {
            throw error.apply(what + " " + file + ": the file is empty");
        }
        return value;
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
