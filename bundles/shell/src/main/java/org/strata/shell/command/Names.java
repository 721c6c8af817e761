package org.strata.shell.command;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.strata.api.StrataException;
import org.strata.api.inventory.InventoryService;
import org.strata.api.vm.VmService;
import org.strata.shell.Output;

/**
 * The names a list shows where its rows refer to other objects (a host's datacenter and pool, a VM's host, a
 * task's target): admins read names, ids are for scripts ({@code --ids}). Each object is looked up once per
 * command; one that cannot be read (removed meanwhile, its service not running) is shown by its id.
 */
final class Names {

    private final InventoryService inventory;
    private final VmService vms;
    private final boolean ids;
    private final Map<String, String> seen = new HashMap<>();

    /**
     * @param inventory null when the command runs without it: ids are shown
     * @param vms       null when the VM service is not running: VMs are shown by id
     * @param ids       show ids, as the API names them, instead of names
     */
    Names(InventoryService inventory, VmService vms, boolean ids) {
        this.inventory = inventory;
        this.vms = vms;
        this.ids = ids;
    }

    String datacenter(String id) {
        return name(
                "datacenter",
                id,
                inventory != null,
                () -> inventory.datacenter(id).name());
    }

    String pool(String id) {
        return name("pool", id, inventory != null, () -> inventory.pool(id).name());
    }

    String host(String id) {
        return name("host", id, inventory != null, () -> inventory.host(id).name());
    }

    String vm(String id) {
        return name("vm", id, vms != null, () -> vms.vm(id).name());
    }

    /** {@code name (id)} for a property of one object, where there is room for both; the id alone without a name. */
    static String withId(String name, String id) {
        if (id == null) {
            return "";
        }
        return name == null || name.equals(id) ? id : name + " (" + id + ")";
    }

    /** {@code type:name} for the kinds of target this knows, {@code type:id} for the others. */
    String target(String type, String id) {
        if (type == null || id == null) {
            return Output.target(type, id);
        }
        String shown = switch (type) {
            case "datacenter" -> datacenter(id);
            case "pool" -> pool(id);
            case "host" -> host(id);
            case "vm" -> vm(id);
            default -> id;
        };
        return Output.target(type, shown);
    }

    private String name(String kind, String id, boolean canLookUp, Supplier<String> lookup) {
        if (id == null) {
            return "";
        }
        if (ids || !canLookUp) {
            return id;
        }
        return seen.computeIfAbsent(kind + ":" + id, key -> {
            try {
                String name = lookup.get();
                return name == null || name.isBlank() ? id : name;
            } catch (StrataException e) {
                return id;
            }
        });
    }
}
