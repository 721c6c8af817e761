package org.strata.api.patch;

/**
 * A package a baseline requires.
 *
 * @param name           its name
 * @param minimumVersion the lowest version that satisfies, in its family's syntax; null: any version installed
 */
public record BaselinePackage(String name, String minimumVersion) {}
