package org.strata.driver.esx;

import java.util.ArrayList;
import java.util.List;
import org.strata.spi.DriverException;
import org.strata.spi.Fault;
import org.strata.vsphere.vim.MoRef;
import org.strata.vsphere.vim.ObjectContent;
import org.strata.vsphere.vim.VimConnection;
import org.strata.vsphere.vim.VimElement;
import org.strata.vsphere.vim.XmlNode;

/**
 * The vSphere objects one ESX host's VMs live among: the host, the resource pool new VMs go to (its compute
 * resource's or cluster's root pool), its datacenter and that datacenter's VM folder.
 */
record Placement(MoRef host, MoRef pool, MoRef datacenter, MoRef vmFolder, String hostName) {

    /** Finds the host an address names: the only one of a standalone ESX, or one by inventory path in a vCenter. */
    static Placement resolve(VimConnection vim, EsxAddress address) {
        MoRef host = address.vcenter() ? byPath(vim, address) : onlyHost(vim);
        ObjectContent h = vim.properties(host, "name", "parent");
        if (h == null) {
            throw new DriverException(Fault.NOT_FOUND, "host " + host.value() + " vanished while it was looked up");
        }
        MoRef compute = h.ref("parent");
        ObjectContent c = vim.properties(compute, "resourcePool", "parent");
        MoRef datacenter = c.ref("parent");
        while (datacenter != null && !"Datacenter".equals(datacenter.type())) {
            ObjectContent up = vim.properties(datacenter, "parent");
            datacenter = up == null ? null : up.ref("parent");
        }
        if (datacenter == null) {
            throw new DriverException(Fault.DRIVER_FAILURE, "host " + h.text("name") + " is in no datacenter");
        }
        MoRef vmFolder = vim.properties(datacenter, "vmFolder").ref("vmFolder");
        return new Placement(host, c.ref("resourcePool"), datacenter, vmFolder, h.text("name"));
    }

    private static MoRef byPath(VimConnection vim, EsxAddress address) {
        XmlNode found = vim.invoke(
                "FindByInventoryPath",
                vim.service("searchIndex"),
                VimElement.el("inventoryPath", address.inventoryPath()));
        MoRef ref = found == null ? null : found.moRef();
        if (ref == null) {
            throw new DriverException(
                    Fault.NOT_FOUND,
                    "vCenter " + address.sdk().getAuthority() + " has nothing at "
                            + address.inventoryPath().replace("/host/", "/") + "; its hosts: "
                            + String.join(", ", hostPaths(vim)));
        }
        switch (ref.type()) {
            case "HostSystem":
                return ref;
            case "ComputeResource": {
                // A host outside any cluster sits in a compute resource of its own name.
                List<MoRef> hosts = refs(vim.properties(ref, "host").get("host"));
                if (hosts.size() == 1) {
                    return hosts.get(0);
                }
                throw new DriverException(Fault.NOT_FOUND, address.inventoryPath() + " holds no single host");
            }
            case "ClusterComputeResource":
                throw new DriverException(
                        Fault.UNSUPPORTED,
                        address.inventoryPath().replace("/host/", "/") + " is a cluster: add each of its hosts ("
                                + String.join(", ", hostPaths(vim)) + ")");
            default:
                throw new DriverException(
                        Fault.NOT_FOUND,
                        address.inventoryPath().replace("/host/", "/") + " is a " + ref.type() + ", not a host");
        }
    }

    private static MoRef onlyHost(VimConnection vim) {
        List<ObjectContent> hosts = hosts(vim);
        if (hosts.size() != 1) {
            throw new DriverException(
                    Fault.UNSUPPORTED,
                    "the server manages " + hosts.size()
                            + " hosts; name one with vpx://SERVER/DATACENTER/[CLUSTER/]HOST");
        }
        return hosts.get(0).obj();
    }

    /** Every host of the server with the name of its parent, through a container view. */
    private static List<ObjectContent> hosts(VimConnection vim) {
        XmlNode view = vim.invoke(
                "CreateContainerView",
                vim.service("viewManager"),
                VimElement.el("container", vim.service("rootFolder")),
                VimElement.el("type", "HostSystem"),
                VimElement.el("recursive", true));
        MoRef viewRef = view.moRef();
        try {
            return vim.retrieve(VimElement.el(
                    "specSet",
                    VimElement.el(
                            "propSet",
                            VimElement.el("type", "HostSystem"),
                            VimElement.el("pathSet", "name"),
                            VimElement.el("pathSet", "parent")),
                    VimElement.el(
                            "objectSet",
                            VimElement.el("obj", viewRef),
                            VimElement.el("skip", true),
                            VimElement.el(
                                            "selectSet",
                                            VimElement.el("name", "view"),
                                            VimElement.el("type", "ContainerView"),
                                            VimElement.el("path", "view"),
                                            VimElement.el("skip", false))
                                    .typed("TraversalSpec"))));
        } finally {
            vim.invoke("DestroyView", viewRef);
        }
    }

    /** "DC0/DC0_C0/DC0_C0_H0" for each host: what a vpx:// address would name it by. */
    static List<String> hostPaths(VimConnection vim) {
        List<String> out = new ArrayList<>();
        for (ObjectContent host : hosts(vim)) {
            List<String> parts = new ArrayList<>();
            parts.add(host.text("name"));
            MoRef up = host.ref("parent");
            while (up != null && !"Datacenter".equals(up.type())) {
                ObjectContent o = vim.properties(up, "name", "parent");
                if (o == null) {
                    break;
                }
                String name = o.text("name");
                // the datacenter's "host" folder and a standalone host's own compute resource are not in the path
                boolean standaloneResource = "ComputeResource".equals(up.type()) && name.equals(parts.get(0));
                if (!standaloneResource && !("Folder".equals(up.type()) && "host".equals(name))) {
                    parts.add(0, name);
                }
                up = o.ref("parent");
            }
            if (up != null) {
                ObjectContent dc = vim.properties(up, "name");
                parts.add(0, dc.text("name"));
            }
            out.add(String.join("/", parts));
        }
        out.sort(String::compareTo);
        return out;
    }

    /** The references of an ArrayOfManagedObjectReference value. */
    static List<MoRef> refs(XmlNode array) {
        List<MoRef> out = new ArrayList<>();
        if (array != null) {
            for (XmlNode child : array.children()) {
                MoRef ref = child.moRef();
                if (ref != null) {
                    out.add(ref);
                }
            }
        }
        return out;
    }
}
