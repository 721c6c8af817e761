package org.strata.datacenter.balance;

/**
 * The utilization band power management keeps the powered-on hosts of a cluster in, by measured load, and its limits.
 * Utilization is the cluster's: the measured use of the powered-on hosts that accept VMs over their capacity, CPU and
 * memory each.
 *
 * <ul>
 *   <li>Below {@link #low} in both resources, power management consolidates: it empties the least loaded hosts and
 *       powers them off, as long as the hosts left carry at most {@link #aim()} (the middle of the band) in both.
 *   <li>Above {@link #high} in either, or when a demand does not fit, it powers hosts on until the utilization is
 *       back at most at {@link #aim()}.
 * </ul>
 *
 * Aiming at the middle of the band rather than at its edges keeps one round's decision from being undone by the next
 * after a few points of noise. The default band is vSphere DPM's: 63 % ± 18, that is 45 % to 81 %. A target host
 * of a consolidation move must stay at or under {@link #high} in both resources.
 *
 * @param low the lower bound (fraction), under which hosts are consolidated
 * @param high the upper bound (fraction), over which hosts are powered on; also every consolidation target's limit
 * @param minPoweredOn the fewest hosts that stay powered on (and accepting VMs)
 * @param maxHostsPerRound the most hosts one consolidation round powers off
 */
public record PowerPolicy(double low, double high, int minPoweredOn, int maxHostsPerRound) {

    /** vSphere DPM's default target utilization range: 63 % ± 18. */
    public static final double DEFAULT_LOW = 0.45;

    public static final double DEFAULT_HIGH = 0.81;

    public PowerPolicy {
        if (!(low > 0 && low < high && high <= 1)) {
            throw new IllegalArgumentException(
                    "the utilization band must satisfy 0 < low < high <= 1, not " + low + " .. " + high);
        }
        if (minPoweredOn < 0 || maxHostsPerRound < 0) {
            throw new IllegalArgumentException("the minimum of powered-on hosts and the cap per round must be zero"
                    + " or more, not " + minPoweredOn + " and " + maxHostsPerRound);
        }
    }

    /** The default band, 45 % to 81 %. */
    public static PowerPolicy defaults(int minPoweredOn, int maxHostsPerRound) {
        return new PowerPolicy(DEFAULT_LOW, DEFAULT_HIGH, minPoweredOn, maxHostsPerRound);
    }

    /** The utilization a round aims at: the middle of the band. */
    public double aim() {
        return (low + high) / 2;
    }
}
