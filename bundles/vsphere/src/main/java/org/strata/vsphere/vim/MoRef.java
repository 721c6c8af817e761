package org.strata.vsphere.vim;

import java.util.Objects;

/**
 * A managed object reference: the type and the server's id of a vSphere object ("VirtualMachine", "vm-42").
 * Ids are stable for the object's life on one server, not across servers.
 */
public record MoRef(String type, String value) {

    public MoRef {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    @Override
    public String toString() {
        return type + ":" + value;
    }
}
