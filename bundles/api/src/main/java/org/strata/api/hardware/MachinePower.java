package org.strata.api.hardware;

/**
 * One machine's answer in a power-state sweep: its chassis power state ({@code ON}, {@code OFF}, {@code UNKNOWN}),
 * or, when its BMC could not tell, why: {@code error} is an {@link org.strata.api.ErrorCode} name (for instance
 * {@code UNREACHABLE} for a BMC that did not answer in time) and {@code message} says more. Exactly one of
 * {@code state} and {@code error} is set.
 */
public record MachinePower(String hostId, String name, String state, String error, String message) {

    public static MachinePower of(String hostId, String name, String state) {
        return new MachinePower(hostId, name, state, null, null);
    }

    public static MachinePower failed(String hostId, String name, String error, String message) {
        return new MachinePower(hostId, name, null, error, message);
    }
}
