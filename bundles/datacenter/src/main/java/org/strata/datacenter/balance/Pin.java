package org.strata.datacenter.balance;

import java.util.Objects;

/**
 * Why a VM cannot be live-migrated. A pinned VM stays where it is: the planners leave it out of their plans and name
 * it, and the rest of the cluster is planned without it.
 *
 * @param kind the kind of tie
 * @param detail what exactly ties it, in words (a device address, a disk path, an affinity group), may be empty
 */
public record Pin(Kind kind, String detail) {

    /** The kinds of tie to a host. */
    public enum Kind {
        /** A PCI device passed through (a GPU, a NIC's virtual function): it exists on this host only. */
        PCI_PASSTHROUGH("PCI pass-through device"),
        /** A disk on storage the other hosts do not share. */
        LOCAL_DISK("local disk"),
        /** A must-affinity rule ties the VM to its host. */
        MUST_AFFINITY("must-affinity to its host"),
        /** Anything else the caller knows of (an administrator's pin, a migration in progress). */
        OTHER("pinned");

        private final String words;

        Kind(String words) {
            this.words = words;
        }

        /** The kind in words, for reasons shown to an administrator. */
        public String words() {
            return words;
        }
    }

    public Pin {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(detail, "detail");
    }

    /** The tie in words, e.g. "PCI pass-through device 0000:3b:00.0". */
    public String describe() {
        return detail.isEmpty() ? kind.words() : kind.words() + " " + detail;
    }
}
