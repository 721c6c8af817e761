package org.strata.security.login;

/**
 * Where a login comes from, for the realm's throttle and audit: the channel (rest, soap, console) and the client's address
 * (the connection's peer, or what a trusted proxy says it is).
 */
public record ClientOrigin(String channel, String address) {

    public static final ClientOrigin UNKNOWN = new ClientOrigin("unknown", "unknown");
}
