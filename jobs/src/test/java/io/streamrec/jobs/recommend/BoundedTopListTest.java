package io.streamrec.jobs.recommend;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BoundedTopListTest {

    @Test
    void offerKeepsCapacityAndOrder() {
        BoundedTopList list = new BoundedTopList(3);

        list.offer("a", null, 1.0);
        list.offer("b", null, 4.0);
        list.offer("c", null, 2.0);
        boolean entered = list.offer("d", null, 3.0);

        assertTrue(entered);
        assertEquals(3, list.size());
        assertEquals(List.of("b", "d", "c"), ids(list));
    }

    @Test
    void offerRejectsWeakerThanWeakest() {
        BoundedTopList list = new BoundedTopList(2);
        list.offer("a", null, 5.0);
        list.offer("b", null, 4.0);

        assertFalse(list.offer("c", null, 3.0));
        assertNull(list.get("c"));
    }

    @Test
    void tiesOrderedByItemId() {
        BoundedTopList list = new BoundedTopList(3);
        list.offer("b", null, 1.0);
        list.offer("c", null, 1.0);
        list.offer("a", null, 1.0);

        assertEquals(List.of("a", "b", "c"), ids(list));
        // A tie with the weakest ("c") enters because "ab" sorts before it.
        assertTrue(list.offer("ab", null, 1.0));
        assertEquals(List.of("a", "ab", "b"), ids(list));
    }

    @Test
    void offerMovesExistingItemUp() {
        BoundedTopList list = new BoundedTopList(3);
        list.offer("a", null, 3.0);
        list.offer("b", null, 2.0);
        list.offer("c", null, 1.0);

        list.offer("c", null, 10.0);

        assertEquals(List.of("c", "a", "b"), ids(list));
        assertEquals(3, list.size());
    }

    @Test
    void addAccumulatesAndEvictsWeakest() {
        BoundedTopList list = new BoundedTopList(2);
        list.add("a", "x", 1.0);
        list.add("a", null, 1.5);
        list.add("b", "y", 1.0);

        list.add("c", "z", 1.2);

        assertEquals(List.of("a", "c"), ids(list));
        assertEquals(2.5, list.get("a").score);
        assertEquals("x", list.get("a").category);
    }

    @Test
    void topReturnsCopies() {
        BoundedTopList list = new BoundedTopList(2);
        list.offer("a", null, 1.0);

        list.top(1).get(0).score = 99.0;

        assertEquals(1.0, list.get("a").score);
    }

    private static List<String> ids(BoundedTopList list) {
        return list.entries.stream().map(item -> item.itemId).toList();
    }
}
