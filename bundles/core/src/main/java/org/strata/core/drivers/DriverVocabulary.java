package org.strata.core.drivers;

import java.util.ArrayList;
import java.util.List;
import org.strata.api.StrataException;
import org.strata.api.vm.VmDisk;
import org.strata.api.vm.VmNic;
import org.strata.api.vm.VmSpec;
import org.strata.spi.Vocabulary;

/**
 * Holds a request to the vocabulary of the driver it goes to: formats, buses, NIC models, name rules, credential
 * lengths. Core's own checks are generic (present, of sane length, printable); what a technology takes is its
 * driver's to say, in its descriptor, so this class names no driver and no driver's word. A refusal is a 400
 * that says what the driver takes. Values are expected through the generic checks already (lower-cased words).
 *
 * @param who        the target as the operator knows it: "host 'web1' (driver 'acme')"
 * @param vocabulary what the target's driver takes
 */
public record DriverVocabulary(String who, Vocabulary vocabulary) {

    public DriverVocabulary {
        vocabulary = vocabulary == null ? Vocabulary.ANY : vocabulary;
    }

    /** The vocabulary of a host's driver; a driver that is not running restricts nothing (it fails later, 503). */
    public static DriverVocabulary of(DriverRegistry drivers, String hostName, String driverId) {
        return new DriverVocabulary(
                who(hostName, driverId),
                drivers.descriptor(driverId).map(d -> d.accepts()).orElse(Vocabulary.ANY));
    }

    /** The vocabulary of a driver by itself (discovery, before there is a host). */
    public static DriverVocabulary of(DriverRegistry drivers, String driverId) {
        return new DriverVocabulary(
                "driver '" + driverId + "'",
                drivers.descriptor(driverId).map(d -> d.accepts()).orElse(Vocabulary.ANY));
    }

    public static String who(String hostName, String driverId) {
        return "host '" + hostName + "' (driver '" + driverId + "')";
    }

    /** Every disk and NIC of a spec. */
    public void spec(VmSpec spec) {
        for (int i = 0; i < spec.disks().size(); i++) {
            disk(spec.disks().get(i), "disks[" + i + "]");
        }
        for (int i = 0; i < spec.nics().size(); i++) {
            nic(spec.nics().get(i), "nics[" + i + "]");
        }
    }

    /**
     * Whether a VM recorded elsewhere can come to this target as it is (a migration's destination): every disk
     * format, disk bus and NIC model of its spec must be one the target's driver takes. All it does not take are
     * named in one refusal, so that the operator sees at once what to change.
     */
    public void receive(String vmName, VmSpec spec) {
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < spec.disks().size(); i++) {
            VmDisk disk = spec.disks().get(i);
            unknown(vocabulary.diskFormats(), disk.format(), "disks[" + i + "].format", "disk formats", refused);
            unknown(vocabulary.diskBuses(), disk.bus(), "disks[" + i + "].bus", "disk buses", refused);
        }
        for (int i = 0; i < spec.nics().size(); i++) {
            unknown(
                    vocabulary.nicModels(),
                    spec.nics().get(i).model(),
                    "nics[" + i + "].model",
                    "network card models",
                    refused);
        }
        if (!refused.isEmpty()) {
            throw StrataException.invalid(
                    who + " cannot receive VM '" + vmName + "': it does not take " + String.join("; ", refused));
        }
    }

    public void disk(VmDisk disk, String field) {
        word(vocabulary.diskFormats(), disk.format(), field + ".format", "disk formats");
        word(vocabulary.diskBuses(), disk.bus(), field + ".bus", "disk buses");
    }

    public void nic(VmNic nic, String field) {
        word(vocabulary.nicModels(), nic.model(), field + ".model", "network card models");
    }

    /** A new volume's format: the one asked for, if the driver takes it; else the driver's first, else the SPI's. */
    public String volumeFormat(String requested, String field, String fallback) {
        if (requested == null) {
            return vocabulary.volumeFormats().isEmpty()
                    ? fallback
                    : vocabulary.volumeFormats().get(0);
        }
        word(vocabulary.volumeFormats(), requested, field, "volume formats");
        return requested;
    }

    /** An image format to import from; null (detect it) always passes. */
    public void importFormat(String format, String field) {
        if (format != null) {
            word(vocabulary.importFormats(), format, field, "image formats to import");
        }
    }

    public String poolName(String name, String field) {
        if (!vocabulary.acceptsPoolName(name)) {
            throw StrataException.invalid(who + " does not take " + field + " '" + abbreviate(name)
                    + "': its pool names are " + vocabulary.poolNames().description());
        }
        return name;
    }

    public String volumeName(String name, String field) {
        if (!vocabulary.acceptsVolumeName(name)) {
            throw StrataException.invalid(who + " does not take " + field + " '" + abbreviate(name)
                    + "': its volume names are " + vocabulary.volumeNames().description());
        }
        return name;
    }

    /** A user name and password its driver's technology can carry, given as {@code field.username} and so on. */
    public void credentials(String username, String password, String field) {
        credentialFields(username, password, field + ".");
    }

    /** A host's own user name and password ({@code username} and {@code password} of a host spec). */
    public void credentials(String username, String password) {
        credentialFields(username, password, "");
    }

    private void credentialFields(String username, String password, String prefix) {
        if (!vocabulary.acceptsUserName(username)) {
            throw StrataException.invalid(who + " does not take " + prefix + "username: its user names have at most "
                    + vocabulary.maxUserNameLength() + " characters, this one has " + username.length());
        }
        if (!vocabulary.acceptsPassword(password)) {
            throw StrataException.invalid(who + " does not take " + prefix + "password: its passwords have at most "
                    + vocabulary.maxPasswordLength() + " bytes");
        }
    }

    private void word(List<String> accepted, String value, String field, String what) {
        if (value != null && !Vocabulary.accepts(accepted, value)) {
            throw StrataException.invalid(who + " does not take " + field + " '" + abbreviate(value) + "': its " + what
                    + " are " + String.join(", ", accepted));
        }
    }

    private static void unknown(List<String> accepted, String value, String field, String what, List<String> into) {
        if (value != null && !Vocabulary.accepts(accepted, value)) {
            into.add(field + " '" + abbreviate(value) + "' (its " + what + " are " + String.join(", ", accepted) + ")");
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }
}
