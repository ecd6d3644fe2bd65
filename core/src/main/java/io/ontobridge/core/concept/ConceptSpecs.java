package io.ontobridge.core.concept;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** Reads concept spec YAML files strictly: an unknown field or a bad value is a one-line error naming it. */
public final class ConceptSpecs {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private ConceptSpecs() {
    }

    public static ConceptSpec load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConceptSpecException("concept spec " + file + ": no such file");
        }
        ConceptSpec spec;
        try {
            spec = YAML.readValue(file.toFile(), ConceptSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds().stream().map(Object::toString).sorted()
                    .collect(Collectors.joining(", "));
            throw new ConceptSpecException("concept spec " + file + ": unknown field '" + fieldPath(e)
                    + "' (known here: " + known + ")", e);
        } catch (JsonMappingException e) {
            throw new ConceptSpecException("concept spec " + file + ": bad value at '" + fieldPath(e) + "': "
                    + e.getOriginalMessage().lines().findFirst().orElse(""), e);
        } catch (IOException e) {
            throw new ConceptSpecException("concept spec " + file + ": cannot read it: " + e.getMessage(), e);
        }
        if (spec == null) {
            throw new ConceptSpecException("concept spec " + file + ": the file is empty");
        }
        Path dir = file.toAbsolutePath().getParent();
        ConceptSpec located = spec.withBaseDir(dir);
        try {
            located.validate();
        } catch (ConceptSpecException e) {
            throw new ConceptSpecException("concept spec " + file + ": " + e.getMessage(), e);
        }
        return located;
    }

    private static String fieldPath(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }
}
