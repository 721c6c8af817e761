package org.strata.datacenter.balance;

/**
 * How eagerly a cluster is balanced: when a round acts, which moves are worth a live migration, how many per round,
 * and how full a target may become. {@link #forLevel} gives the five levels of the migration threshold (1
 * conservative .. 5 aggressive), the scale administrators know from vSphere DRS.
 *
 * <p>The numbers, with the metric {@code σ} (see {@link Balancer}) and the gain of a move (the drop of the sum of
 * squared deviations, {@code n·σ²}; moving a share {@code s} of a host's capacity from a host at load {@code a} to an
 * equal host at {@code b} gains {@code 2s(a − b − s)}):
 *
 * <table>
 *   <caption>Levels</caption>
 *   <tr><th>level</th><th>acts when σ above</th><th>least gain of a move</th><th>a VM using 1 % of a host moves
 *       across a gap of at least</th><th>a VM using 5 %</th></tr>
 *   <tr><td>1</td><td>0.25</td><td>0.010</td><td>51 points</td><td>15 points</td></tr>
 *   <tr><td>2</td><td>0.18</td><td>0.005</td><td>26 points</td><td>10 points</td></tr>
 *   <tr><td>3 (default)</td><td>0.12</td><td>0.002</td><td>11 points</td><td>7 points</td></tr>
 *   <tr><td>4</td><td>0.08</td><td>0.001</td><td>6 points</td><td>6 points</td></tr>
 *   <tr><td>5</td><td>0.05</td><td>0.0004</td><td>3 points</td><td>5.4 points</td></tr>
 * </table>
 *
 * <p>Why these: measured load moves by a few points from one sample to the next, so a level must not chase noise;
 * level 3 leaves a cluster whose hosts lie within about ±12 points of each other alone (a round that acts brings
 * {@code σ} to half the threshold, so the next round, a little noise later, does not act again at once), and a move
 * must narrow a real gap. The gain grows with what the VM carries: a large VM across a small gap and a small one
 * across a large gap can be worth the same, and at the conservative levels a VM that carries little is not worth a
 * migration at all. Each level's least gain lets VMs of 1 % of a host get the cluster close to where the round stops
 * from level 3 up (a gap of 11 points is σ of about 0.055, against a stop at 0.06). A host over the {@link #highWater} mark makes a round act at every level, since relieving
 * an overloaded host is the reason balancing exists; its moves still need the least gain.
 *
 * @param actAbove the round acts when {@code σ} is above this (or a host is over the high-water mark)
 * @param minGain the least gain (drop of {@code n·σ²}) a move must bring
 * @param maxMigrations the most live migrations one round proposes
 * @param highWater no move may leave its target above this fraction of its CPU or of its memory, by measured load
 */
public record BalancingPolicy(double actAbove, double minGain, int maxMigrations, double highWater) {

    /** The default high-water mark: 80 % of a target's CPUs and of its memory, by measured load. */
    public static final double DEFAULT_HIGH_WATER = 0.80;

    public BalancingPolicy {
        if (!(actAbove >= 0) || !(minGain > 0) || Double.isInfinite(actAbove) || Double.isInfinite(minGain)) {
            throw new IllegalArgumentException("the threshold must be zero or more and the least gain positive, not "
                    + actAbove + " and " + minGain);
        }
        if (maxMigrations < 0) {
            throw new IllegalArgumentException("the cap on migrations must be zero or more, not " + maxMigrations);
        }
        if (!(highWater > 0 && highWater <= 1)) {
            throw new IllegalArgumentException("the high-water mark must be in (0, 1], not " + highWater);
        }
    }

    /** Level 1 (conservative) to 5 (aggressive), with the default high-water mark. */
    public static BalancingPolicy forLevel(int level, int maxMigrations) {
        return forLevel(level, maxMigrations, DEFAULT_HIGH_WATER);
    }

    /** Level 1 (conservative) to 5 (aggressive). */
    public static BalancingPolicy forLevel(int level, int maxMigrations, double highWater) {
        switch (level) {
            case 1:
                return new BalancingPolicy(0.25, 0.010, maxMigrations, highWater);
            case 2:
                return new BalancingPolicy(0.18, 0.005, maxMigrations, highWater);
            case 3:
                return new BalancingPolicy(0.12, 0.002, maxMigrations, highWater);
            case 4:
                return new BalancingPolicy(0.08, 0.001, maxMigrations, highWater);
            case 5:
                return new BalancingPolicy(0.05, 0.0004, maxMigrations, highWater);
            default:
                throw new IllegalArgumentException("the balancing level is 1 to 5, not " + level);
        }
    }

    /** Where a round that acts stops: half the threshold, so that a little noise does not make the next act again. */
    public double stopAt() {
        return actAbove / 2;
    }
}
