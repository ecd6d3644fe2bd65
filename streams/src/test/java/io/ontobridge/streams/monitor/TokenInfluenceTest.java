package io.ontobridge.streams.monitor;

import io.ontobridge.platform.concept.ConceptSpecs;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token influence through the real source model of the sentiment concept. */
class TokenInfluenceTest {
    @Test
    void theSentimentWordsMoveTheSourceFeatureMost() {
        var spec = ConceptSpecs.load(Path.of("..", "concepts", "sentiment.yaml"));
        try (TokenInfluence explainer = TokenInfluence.open(spec, Path.of("target", "model-cache"))) {
            List<io.ontobridge.schema.TokenInfluence> positive = explainer.explain("The concert was wonderful yesterday.", 3);
            assertEquals(3, positive.size());
            assertEquals("wonderful", positive.get(0).getToken(), positive.toString());
            assertTrue(positive.get(0).getDelta() > 0, "removing a positive word lowers the feature: " + positive);
            List<io.ontobridge.schema.TokenInfluence> negative = explainer.explain("The concert was awful yesterday.", 1);
            assertEquals("awful", negative.get(0).getToken(), negative.toString());
            assertTrue(negative.get(0).getDelta() < 0, negative.toString());
            assertTrue(explainer.explain("word", 3).isEmpty(), "a single word has nothing to compare");
        }
    }
}
