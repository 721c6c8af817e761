package org.strata.api.event;

/**
 * Where recorded events are published in-process on OSGi Event Admin, once committed to the repository.
 * An event of type {@code host.unreachable} is posted to {@code org/strata/event/host/unreachable}: the dots of the
 * type become topic levels, so that a handler can take one family ({@code org/strata/event/host/*}) or all
 * ({@link #ALL}). A character that a topic cannot carry (anything but letters, digits, '_' and '-') becomes '_';
 * the exact type is always in the property {@code type}.
 *
 * <p>Properties: {@code id} (Long, the repository id, increasing), {@code time} (String, ISO-8601),
 * {@code timestamp} (Long, epoch milliseconds), {@code severity} (INFO, WARNING, ERROR), {@code type},
 * {@code subjectType}, {@code subjectId} and {@code message} (Strings; absent when the event has none).
 *
 * <p>Distinct from {@code org/strata/events/record}, the topic on which other bundles post events to be recorded:
 * nothing published here is recorded again.
 */
public final class EventTopics {

    /** The root of every published event's topic. */
    public static final String ROOT = "org/strata/event";
    /** Subscribes to every recorded event. */
    public static final String ALL = ROOT + "/*";

    private EventTopics() {}

    /** The topic an event of {@code type} is published on. */
    public static String of(String type) {
        StringBuilder topic = new StringBuilder(ROOT.length() + 1 + type.length()).append(ROOT);
        for (String level : type.split("\\.")) {
            if (level.isEmpty()) {
                continue;
            }
            topic.append('/');
            for (int i = 0; i < level.length(); i++) {
                char ch = level.charAt(i);
                boolean allowed = ch < 128 && (Character.isLetterOrDigit(ch) || ch == '_' || ch == '-');
                topic.append(allowed ? ch : '_');
            }
        }
        return topic.length() == ROOT.length() ? ROOT + "/_" : topic.toString();
    }
}
