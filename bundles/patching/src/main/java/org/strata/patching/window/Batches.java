package org.strata.patching.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The order a window patches VMs in: one host's VMs at a time, at most {@code batchSize} at once, so that a bad
 * patch is stopped on one host before it reaches the next (as vSphere Lifecycle Manager remediates host by host);
 * VMs of a host in maintenance mode wait for a later window, since the host is being worked on.
 */
public final class Batches {

    private Batches() {}

    /** A VM to patch and the host it runs on (null for none: a stopped VM not placed, an image, a template). */
    public record Item(String id, String hostId) {}

    /** The plan: the batches in order, and the items that wait because their host is in maintenance. */
    public record Plan(List<List<Item>> batches, List<Item> waiting) {}

    public static Plan plan(List<Item> items, int batchSize, Predicate<String> inMaintenance) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch has at least one VM: " + batchSize);
        }
        Map<String, List<Item>> byHost = new LinkedHashMap<>();
        List<Item> waiting = new ArrayList<>();
        for (Item item : items) {
            if (item.hostId() != null && inMaintenance.test(item.hostId())) {
                waiting.add(item);
            } else {
                byHost.computeIfAbsent(item.hostId() == null ? "" : item.hostId(), h -> new ArrayList<>())
                        .add(item);
            }
        }
        List<List<Item>> batches = new ArrayList<>();
        for (List<Item> host : byHost.values()) {
            for (int i = 0; i < host.size(); i += batchSize) {
                batches.add(List.copyOf(host.subList(i, Math.min(host.size(), i + batchSize))));
            }
        }
        return new Plan(List.copyOf(batches), List.copyOf(waiting));
    }
}
