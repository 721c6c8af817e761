package org.strata.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The settings of PID {@code org.strata.core} (etc/org.strata.core.cfg). One definition for every core
 * component that takes settings, so that the file has one documented list of keys; each component reads
 * the keys it needs.
 */
@ObjectClassDefinition(name = "Strata core")
public @interface CoreSettings {

    @AttributeDefinition(
            description = "Give a repository created new the initial inventory of"
                    + " initial.inventory.file (the distribution's is the demo datacenter); false declines it")
    boolean demo_seed() default true;

    @AttributeDefinition(
            description =
                    "The initial inventory a repository created new gets (a properties file:"
                            + " datacenter, pool, hosts with driver, address and kind); relative paths are in Karaf's etc folder")
    String initial_inventory_file() default "strata-initial-inventory.properties";

    @AttributeDefinition(
            description = "Seconds between two reconciles of every available hypervisor host's VMs"
                    + " with the inventory (at least 1)")
    int reconcile_interval_seconds() default 30;

    @AttributeDefinition(
            description = "Seconds between two statistics samples of every host and running VM" + " (at least 1)")
    int monitor_interval_seconds() default 20;

    @AttributeDefinition(
            description = "Hosts whose VMs one reconcile round compares at once (1 to 16); the round waits for"
                    + " them all, and lifecycle events are applied after it")
    int reconcile_parallelism() default 2;

    @AttributeDefinition(description = "Hosts sampled at once by one statistics round (1 to 16)")
    int monitor_parallelism() default 2;

    @AttributeDefinition(
            description = "Samples kept per VM and per host in memory; older ones are dropped"
                    + " (360 samples every 20 s is two hours)")
    int monitor_samples() default 360;

    @AttributeDefinition(
            description = "Seconds between two rounds asking every running VM's guest agent (OS, host name,"
                    + " addresses, file systems); 0 turns guest sampling off")
    int guest_interval_seconds() default 60;

    @AttributeDefinition(
            description = "A guest file system this full (percent) raises a warning event; one back below it less"
                    + " guest.filesystem.hysteresis.percent raises the clearing one")
    int guest_filesystem_full_percent() default 90;

    @AttributeDefinition(
            description = "Points below guest.filesystem.full.percent a full file system must fall before it is"
                    + " cleared, so that one hovering at the threshold does not raise an event every round")
    int guest_filesystem_hysteresis_percent() default 5;

    @AttributeDefinition(
            description = "Rounds in a row an agent that answered must stay silent while its VM runs before an"
                    + " 'agent silent' event (at least 1)")
    int guest_silent_rounds() default 3;

    @AttributeDefinition(
            description = "Recent uses kept per guest file system in memory (60 rounds every 60 s is an hour)")
    int guest_filesystem_samples() default 60;

    @AttributeDefinition(
            description = "Seconds a graceful VM shutdown may take before the VM is powered off,"
                    + " when the request names no timeout")
    int vm_shutdown_timeout_seconds() default 120;

    @AttributeDefinition(
            description =
                    "Seconds between two sensor polls of every bare-metal machine whose driver"
                            + " reads sensors (at least 1); readings go to the same bounded store as statistics (monitor.samples)")
    int sensor_interval_seconds() default 60;

    @AttributeDefinition(
            description = "Seconds a BMC session may stay unused before it is closed (at least 1);"
                    + " opening one costs an RMCP+ handshake. Keep it under the BMCs' own session inactivity timeout"
                    + " (30 s on OpenIPMI's ipmi_sim, up to the 60 s the IPMI specification suggests elsewhere), or calls"
                    + " wait a timeout on sessions the BMC dropped")
    int bmc_session_idle_seconds() default 25;

    @AttributeDefinition(
            description = "BMCs asked at once by power-state sweeps (GET /hardware/power-states), all sweeps together"
                    + " (1 to 64)")
    int bmc_sweep_parallelism() default 16;

    @AttributeDefinition(description = "Addresses probed at once by a BMC discovery (1 to 64)")
    int discovery_parallelism() default 16;

    @AttributeDefinition(
            description = "Milliseconds a discovery waits for a BMC to answer before it decides" + " nothing is there")
    int discovery_timeout_ms() default 1000;
}
