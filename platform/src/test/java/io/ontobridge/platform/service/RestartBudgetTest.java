package io.ontobridge.platform.service;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RestartBudgetTest {
    @Test
    void allowsAFewReplacementsInAWindowThenRefusesUntilTheOldOnesAge() {
        RestartBudget budget = new RestartBudget();
        long start = 1_000_000_000L;
        for (int i = 0; i < RestartBudget.MAX_RESTARTS; i++) {
            assertTrue(budget.allow(start + i));
        }
        assertFalse(budget.allow(start + 10), "a fault that keeps coming back stops the service");
        assertTrue(budget.allow(start + RestartBudget.WINDOW.toNanos() + 1), "once the first has aged out of the window");
    }
}
