package io.ontobridge.producers.text;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WordSubstitutionsTest {
    /** A formality concept's own texts: corpus lines and example sentences. */
    private static final List<String> FORMAL = List.of(
            "In accordance with the policy, the meeting was postponed.",
            "In line with the policy, the hearing was postponed.",
            "In accordance with the agreement, the meeting was cancelled.",
            "Kindly find the report attached.", "Kindly find the invoice attached.", "Kindly find the minutes enclosed.",
            "We regret to inform you of the delay.", "We regret to inform you of the change.",
            "The game was not played.", "The match was not played.", "The game was not broadcast.");

    /**
     * The rule every edit must pass, checked token by token: the same tokens as the original except at
     * exactly one position, where a content word became another content word that the vocabulary uses
     * between the same two neighbours, written in the original's case.
     */
    private static void assertOneWordSubstitution(String original, String edit, List<String> vocabulary) {
        List<String> before = tokens(original);
        List<String> after = tokens(edit);
        assertEquals(before.size(), after.size(), "no word moved, inserted or dropped: " + edit);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            if (!before.get(i).equals(after.get(i))) {
                changed.add(i);
            }
        }
        assertEquals(1, changed.size(), "exactly one word replaced: " + original + " -> " + edit);
        int at = changed.get(0);
        String was = before.get(at);
        String now = after.get(at);
        assertTrue(WordSubstitutions.isContentWord(was.toLowerCase()) && WordSubstitutions.isContentWord(now.toLowerCase()),
                "a content word for a content word: " + was + " -> " + now);
        assertEquals(Character.isUpperCase(was.charAt(0)), Character.isUpperCase(now.charAt(0)), "case kept: " + edit);
        String slot = WordSubstitutions.slot(WordSubstitutions.lowerTokens(original), at);
        boolean seenInSlot = vocabulary.stream().map(WordSubstitutions::lowerTokens).anyMatch(t -> {
            for (int i = 0; i < t.size(); i++) {
                if (t.get(i).equals(now.toLowerCase()) && WordSubstitutions.slot(t, i).equals(slot)) {
                    return true;
                }
            }
            return false;
        });
        assertTrue(seenInSlot, "'" + now + "' is used in that slot by the spec's own texts: " + edit);
    }

    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        var m = WordSubstitutions.TOKEN.matcher(text);
        while (m.find()) {
            tokens.add(m.group());
        }
        return tokens;
    }

    @Test
    void everyEditOfAFewSentencesIsOneWordSubstitutedAndNoneRepeats() {
        var edits = new WordSubstitutions(FORMAL);
        Random random = new Random(1);
        for (String sentence : List.of(FORMAL.get(0), FORMAL.get(3), FORMAL.get(8), FORMAL.get(6))) {
            Set<String> emitted = new HashSet<>();
            String edit;
            while ((edit = edits.edit(sentence, emitted, random)) != null) {
                assertNotEquals(sentence, edit);
                assertTrue(emitted.add(edit), "emitted twice: " + edit);
                assertOneWordSubstitution(sentence, edit, FORMAL);
            }
            assertFalse(emitted.isEmpty(), "some edit of " + sentence);
        }
    }

    @Test
    void allEditsOfTheReportedSentenceAreWordsOfTheSameSlotNeverMovedOrInserted() {
        var edits = new WordSubstitutions(FORMAL);
        Set<String> all = new HashSet<>();
        String edit;
        while ((edit = edits.edit("In accordance with the policy, the meeting was postponed.", all, new Random(3))) != null) {
            all.add(edit);
        }
        assertEquals(Set.of("In line with the policy, the meeting was postponed.",
                "In accordance with the agreement, the meeting was postponed.",
                "In accordance with the policy, the hearing was postponed.",
                "In accordance with the policy, the game was postponed.",
                "In accordance with the policy, the match was postponed.",
                "In accordance with the policy, the meeting was cancelled."), all,
                "every content word in turn, replaced only by words the texts use between the same neighbours");
    }

    @Test
    void aSentenceWithNoSharedSlotHasNoEdit() {
        var edits = new WordSubstitutions(FORMAL);
        assertNull(edits.edit("Zebras gallop quickly.", Set.of(), new Random(1)));
    }

    @Test
    void theTemplatesVocabularyGivesEditsOfTheirOwnSentences() {
        var sources = new SentenceSources(List.of(), List.of(), true, 7);
        List<String> vocabulary = sources.vocabulary();
        var edits = new WordSubstitutions(vocabulary);
        Random random = new Random(2);
        for (int i = 0; i < 20; i++) {
            String sentence = sources.next().text();
            Set<String> emitted = new HashSet<>();
            for (int k = 0; k < 5; k++) {
                String edit = edits.edit(sentence, emitted, random);
                if (edit != null) {
                    assertTrue(emitted.add(edit), "emitted twice: " + edit);
                    assertOneWordSubstitution(sentence, edit, vocabulary);
                }
            }
        }
    }
}
