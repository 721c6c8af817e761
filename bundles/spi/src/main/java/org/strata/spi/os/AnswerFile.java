package org.strata.spi.os;

import java.util.Objects;

/**
 * An unattended-install answer file, served to the installer as it is.
 *
 * @param name      its file name, e.g. {@code preseed.cfg}, {@code ks.cfg}, {@code autounattend.xml}
 * @param mediaType e.g. {@code text/plain}, {@code application/xml}
 * @param content   the whole file
 */
public record AnswerFile(String name, String mediaType, String content) {
    public AnswerFile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(content, "content");
    }
}
