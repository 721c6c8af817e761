package org.strata.spi.os;

import java.util.Map;
import java.util.Objects;

/**
 * The files that personalize a deployed image at its first boot, and how the OS finds them.
 *
 * @param format {@link #NOCLOUD} (cloud-init's NoCloud data source: {@code user-data}, {@code meta-data},
 *               {@code network-config}) or {@link #WINDOWS_UNATTEND} ({@code unattend.xml})
 * @param files  file name to content
 */
public record Personalization(String format, Map<String, String> files) {

    public static final String NOCLOUD = "cloud-init-nocloud";
    public static final String WINDOWS_UNATTEND = "windows-unattend";

    public Personalization {
        Objects.requireNonNull(format, "format");
        files = Map.copyOf(files);
    }
}
