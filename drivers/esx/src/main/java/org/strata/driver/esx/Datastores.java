package org.strata.driver.esx;

import java.util.List;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.ObjectContent;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.VimFault;

/** The datastores a host mounts, with their name, capacity, free space, whether they can be used, and browser. */
final class Datastores {

    private Datastores() {}

    static List<ObjectContent> of(VimConnection vim, MoRef host) {
        try {
            return vim.retrieve(VimElement.el(
                    "specSet",
                    VimElement.el(
                            "propSet",
                            VimElement.el("type", "Datastore"),
                            VimElement.el("pathSet", "summary.name"),
                            VimElement.el("pathSet", "summary.freeSpace"),
                            VimElement.el("pathSet", "summary.capacity"),
                            VimElement.el("pathSet", "summary.accessible"),
                            VimElement.el("pathSet", "browser")),
                    VimElement.el(
                            "objectSet",
                            VimElement.el("obj", host),
                            VimElement.el("skip", true),
                            VimElement.el(
                                            "selectSet",
                                            VimElement.el("name", "ds"),
                                            VimElement.el("type", "HostSystem"),
                                            VimElement.el("path", "datastore"),
                                            VimElement.el("skip", false))
                                    .typed("TraversalSpec"))));
        } catch (VimFault e) {
            throw EsxFaults.map("list datastores", e);
        }
    }

    /** One datastore of the host by name; NOT_FOUND naming those it has. */
    static ObjectContent named(VimConnection vim, MoRef host, String hostName, String name) {
        List<ObjectContent> all = of(vim, host);
        for (ObjectContent ds : all) {
            if (name.equals(ds.text("summary.name"))) {
                return ds;
            }
        }
        throw new DriverException(
                Fault.NOT_FOUND,
                "host " + hostName + " has no datastore '" + name + "'; it has: "
                        + String.join(
                                ", ",
                                all.stream()
                                        .map(d -> d.text("summary.name"))
                                        .sorted()
                                        .toList()));
    }
}
