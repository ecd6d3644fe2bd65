package io.ontobridge.probe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DisagreementRuleTest {
    private final DisagreementRule regression = new DisagreementRule(100, false, 0);
    private final DisagreementRule binarized = new DisagreementRule(100, true, 0.5);

    @Test
    void judgesOnlyMappedProbesTrainedEnoughWithAThreshold() {
        for (ProbeStatus status : ProbeStatus.values()) {
            assertTrue(regression.judges(status.wireName(), 100, 0.1) == status.isMapped(), status.wireName());
        }
        assertTrue(regression.judges("concept-drift", 100, 0.1), "a drifting probe's disagreements are worth a look");
        assertFalse(regression.judges("mapped", 99, 0.1), "under min_trained");
        assertFalse(regression.judges("mapped", 100, 0), "no calibrated threshold yet");
        assertFalse(regression.judges("mapped", 100, Double.NaN));
        assertFalse(regression.judges("no-such-status", 100, 0.1));
        assertFalse(regression.judges(null, 100, 0.1));
    }

    @Test
    void aRegressionResidualBeyondTheThresholdIsADisagreement() {
        assertTrue(regression.beyond(1.0, 0.5, 0.4));
        assertTrue(regression.beyond(0.0, 0.5, 0.4));
        assertFalse(regression.beyond(0.8, 0.5, 0.4));
        assertFalse(regression.beyond(0.9, 0.5, 0.4), "at the threshold is not beyond it");
        assertTrue(regression.isDisagreement("mapped", 500, 1.0, 0.5, 0.4));
        assertFalse(regression.isDisagreement("lost", 500, 1.0, 0.5, 0.4), "beyond, but not judged");
    }

    @Test
    void aBinarizedDecisionAgainstTheSourcesLabelIsADisagreement() {
        // Decision boundary 0.3 on the probe's probability; the source's label at feature >= 0.5.
        assertTrue(binarized.beyond(0.35, 0.2, 0.3), "the probe says present, the source not");
        assertTrue(binarized.beyond(0.25, 0.7, 0.3), "the source says present, the probe not");
        assertFalse(binarized.beyond(0.9, 0.5, 0.3));
        assertFalse(binarized.beyond(0.1, 0.49, 0.3));
    }
}
