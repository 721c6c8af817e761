package org.strata.patching.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The order a window patches VMs in: one host's VMs at a time, at most {@code batchSize} at once, so that a bad
 * patch is stopped on one host before it reaches the next (as vSphere Lifecycle Manager remediates host by host);
 * VMs of a host in maintenance mode wait for a later window, since the host is being worked on.
 */
public final class Batches {

    private Batches() {}

    /** The plan: the batches in order, and the items that wait because their host is in maintenance. */
    public record Plan<T>(List<List<T>> batches, List<T> waiting) {}

    /**
     * @param hostOf the host an item runs on, or null for none (a stopped VM not placed, an image, a template): those
     *               come together, after the hosts met before them
     */
    public static <T> Plan<T> plan(
            List<T> items, Function<T, String> hostOf, int batchSize, Predicate<String> inMaintenance) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("a batch has at least one VM: " + batchSize);
        }
        Map<String, List<T>> byHost = new LinkedHashMap<>();
        List<T> waiting = new ArrayList<>();
        for (T item : items) {
            String host = hostOf.apply(item);
            if (host != null && inMaintenance.test(host)) {
                waiting.add(item);
            } else {
                byHost.computeIfAbsent(host == null ? "" : host, h -> new ArrayList<>())
                        .add(item);
            }
        }
        List<List<T>> batches = new ArrayList<>();
        for (List<T> host : byHost.values()) {
            for (int i = 0; i < host.size(); i += batchSize) {
                batches.add(List.copyOf(host.subList(i, Math.min(host.size(), i + batchSize))));
            }
        }
        return new Plan<>(List.copyOf(batches), List.copyOf(waiting));
    }
}
