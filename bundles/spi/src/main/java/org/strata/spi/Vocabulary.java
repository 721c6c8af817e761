package org.strata.spi;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a driver accepts in requests: the words (disk formats and buses, NIC models, volume formats), the names
 * (pools, volumes) and the credentials its technology takes. The platform holds every request for a host to the
 * vocabulary of the host's driver before it asks the driver, and refuses the rest with a 400 that says what the
 * driver takes; its own checks are generic only (present, of sane length, printable). So a driver, not the
 * platform, says that ESX reads VMDK disks, that Xen guests have a {@code xen} bus, that an iSCSI pool is named
 * by its IQN, or that an IPMI user name has at most 16 characters (since 1.3).
 *
 * <p>Every part is optional: an empty list, a null name rule or a zero length means "no restriction beyond the
 * platform's generic checks", which is what {@link #ANY} says and what a descriptor built with the SPI 1.2
 * constructor gets. Where a request names no volume format, the platform takes the first of
 * {@link #volumeFormats}; where it names no disk format, bus or NIC model, its own defaults, the SPI's: a {@code raw}
 * disk on the {@code virtio} bus with a {@code virtio} card. So a driver that lists disk formats, buses or NIC models
 * lists those too (the driver test kit checks it), taking {@code virtio} as its own paravirtual device.
 *
 * <pre>{@code
 * Vocabulary.ANY.withDiskFormats("raw", "qcow2").withDiskBuses("virtio", "sata", "scsi", "ide")
 *         .withNicModels("virtio", "e1000", "rtl8139")
 * }</pre>
 *
 * @param diskFormats       image formats a VM disk may have (hypervisor drivers), lower case
 * @param diskBuses         disk buses a VM may have, as the lower-case names of
 *                          {@link org.strata.spi.hypervisor.DiskSpec.Bus} ("virtio", "xen")
 * @param nicModels         emulated network cards (hypervisor drivers), lower case
 * @param volumeFormats     formats of the volumes it creates (storage drivers), lower case; the first is the
 *                          default when a request names none
 * @param importFormats     image formats it converts from ({@link Capability#VOLUME_IMPORT}), lower case
 * @param poolNames         the names of pools it can have, or null for any the platform accepts
 * @param volumeNames       the names of volumes it can create, or null for any the platform accepts
 * @param maxUserNameLength the longest user name its technology takes (IPMI: 16), or 0 for no limit
 * @param maxPasswordLength the longest password its technology takes (IPMI 2.0: 20), or 0 for no limit
 * @since 1.3
 */
public record Vocabulary(
        List<String> diskFormats,
        List<String> diskBuses,
        List<String> nicModels,
        List<String> volumeFormats,
        List<String> importFormats,
        NameRule poolNames,
        NameRule volumeNames,
        int maxUserNameLength,
        int maxPasswordLength) {

    /** No restriction: the platform's generic checks alone. */
    public static final Vocabulary ANY =
            new Vocabulary(List.of(), List.of(), List.of(), List.of(), List.of(), null, null, 0, 0);

    private static final Pattern WORD = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,31}");

    public Vocabulary {
        diskFormats = words(diskFormats, "diskFormats");
        diskBuses = words(diskBuses, "diskBuses");
        nicModels = words(nicModels, "nicModels");
        volumeFormats = words(volumeFormats, "volumeFormats");
        importFormats = words(importFormats, "importFormats");
        if (maxUserNameLength < 0 || maxPasswordLength < 0) {
            throw new IllegalArgumentException("a maximum length is 0 (no limit) or more");
        }
    }

    public Vocabulary withDiskFormats(String... formats) {
        return new Vocabulary(
                List.of(formats),
                diskBuses,
                nicModels,
                volumeFormats,
                importFormats,
                poolNames,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withDiskBuses(String... buses) {
        return new Vocabulary(
                diskFormats,
                List.of(buses),
                nicModels,
                volumeFormats,
                importFormats,
                poolNames,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withNicModels(String... models) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                List.of(models),
                volumeFormats,
                importFormats,
                poolNames,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withVolumeFormats(String... formats) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                List.of(formats),
                importFormats,
                poolNames,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withImportFormats(String... formats) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                volumeFormats,
                List.of(formats),
                poolNames,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withPoolNames(NameRule rule) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                volumeFormats,
                importFormats,
                rule,
                volumeNames,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withVolumeNames(NameRule rule) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                volumeFormats,
                importFormats,
                poolNames,
                rule,
                maxUserNameLength,
                maxPasswordLength);
    }

    public Vocabulary withMaxUserNameLength(int length) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                volumeFormats,
                importFormats,
                poolNames,
                volumeNames,
                length,
                maxPasswordLength);
    }

    public Vocabulary withMaxPasswordLength(int length) {
        return new Vocabulary(
                diskFormats,
                diskBuses,
                nicModels,
                volumeFormats,
                importFormats,
                poolNames,
                volumeNames,
                maxUserNameLength,
                length);
    }

    /**
     * Whether a word is in a list of this vocabulary: an empty list takes every word.
     *
     * @param list one of this record's lists
     */
    public static boolean accepts(List<String> list, String word) {
        return list.isEmpty() || word != null && list.contains(word.strip().toLowerCase(Locale.ROOT));
    }

    /** Whether a pool may have this name. */
    public boolean acceptsPoolName(String name) {
        return poolNames == null || poolNames.accepts(name);
    }

    /** Whether a volume may have this name. */
    public boolean acceptsVolumeName(String name) {
        return volumeNames == null || volumeNames.accepts(name);
    }

    /** Whether a user name is short enough. */
    public boolean acceptsUserName(String userName) {
        return maxUserNameLength == 0 || userName == null || userName.length() <= maxUserNameLength;
    }

    /** Whether a password is short enough; counted in UTF-8 bytes, as protocols (IPMI) count it. */
    public boolean acceptsPassword(String password) {
        return maxPasswordLength == 0
                || password == null
                || password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= maxPasswordLength;
    }

    private static List<String> words(List<String> list, String field) {
        if (list == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(list.size());
        for (String word : list) {
            if (word == null || !WORD.matcher(word).matches()) {
                throw new IllegalArgumentException(
                        field + ": '" + word + "' is not a lower-case word of " + WORD.pattern());
            }
            out.add(word);
        }
        if (new HashSet<>(out).size() != out.size()) {
            throw new IllegalArgumentException(field + " lists a word twice: " + out);
        }
        return List.copyOf(out);
    }

    /**
     * A rule for names, as a regular expression the whole name must match, and the same in words for the
     * operator who broke it ("1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit").
     */
    public record NameRule(String pattern, String description) {

        public NameRule {
            Objects.requireNonNull(pattern, "pattern");
            Objects.requireNonNull(description, "description");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("not a regular expression: " + pattern, e);
            }
        }

        public boolean accepts(String name) {
            return name != null && Pattern.compile(pattern).matcher(name).matches();
        }
    }
}
