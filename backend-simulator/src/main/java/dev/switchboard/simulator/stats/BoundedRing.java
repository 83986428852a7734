package dev.switchboard.simulator.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The latest {@code capacity} items, oldest first; safe to share between event-loop threads. */
final class BoundedRing<T> {

    private final int capacity;
    private final ArrayDeque<T> items;

    BoundedRing(int capacity) {
        this.capacity = Math.max(1, capacity);
        this.items = new ArrayDeque<>(this.capacity);
    }

    synchronized void add(T item) {
        if (items.size() == capacity) {
            items.removeFirst();
        }
        items.addLast(item);
    }

    /** The latest {@code limit} items, oldest first. */
    synchronized List<T> last(int limit) {
        List<T> all = new ArrayList<>(items);
        return List.copyOf(all.subList(Math.max(0, all.size() - limit), all.size()));
    }

    synchronized void clear() {
        items.clear();
    }
}
