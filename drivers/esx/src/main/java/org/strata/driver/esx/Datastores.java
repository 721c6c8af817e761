package org.strata.driver.esx;

import java.util.List;

import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.ObjectContent;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimFault;
import org.strata.vsphere.vim.Xml;

/** The datastores a host mounts, with their name, capacity, free space, whether they can be used, and browser. */
final class Datastores {

    private Datastores() {
    }

    static List<ObjectContent> of(VimConnection vim, MoRef host) {
        try {
            return vim.retrieve(Xml.el("specSet",
                    Xml.el("propSet", Xml.el("type", "Datastore"), Xml.el("pathSet", "summary.name"),
                            Xml.el("pathSet", "summary.freeSpace"), Xml.el("pathSet", "summary.capacity"),
                            Xml.el("pathSet", "summary.accessible"), Xml.el("pathSet", "browser")),
                    Xml.el("objectSet", Xml.el("obj", host), Xml.el("skip", true),
                            Xml.el("selectSet", Xml.el("name", "ds"), Xml.el("type", "HostSystem"),
                                    Xml.el("path", "datastore"), Xml.el("skip", false)).typed("TraversalSpec"))));
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
        throw new DriverException(Fault.NOT_FOUND, "host " + hostName + " has no datastore '" + name + "'; it has: "
                + String.join(", ", all.stream().map(d -> d.text("summary.name")).sorted().toList()));
    }
}
