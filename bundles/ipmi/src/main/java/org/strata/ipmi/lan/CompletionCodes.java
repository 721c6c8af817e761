package org.strata.ipmi.lan;

/** IPMI completion codes (IPMI 2.0, table 5-2) in words, for error messages an operator can act on. */
public final class CompletionCodes {

    private CompletionCodes() {}

    public static String describe(int code) {
        return switch (code) {
            case 0xC0 -> "node busy";
            case 0xC1 -> "invalid command";
            case 0xC2 -> "command invalid for given LUN";
            case 0xC3 -> "timeout while processing command";
            case 0xC4 -> "out of space";
            case 0xC5 -> "reservation canceled or invalid reservation id";
            case 0xC6 -> "request data truncated";
            case 0xC7 -> "request data length invalid";
            case 0xC8 -> "request data field length limit exceeded";
            case 0xC9 -> "parameter out of range";
            case 0xCA -> "cannot return number of requested data bytes";
            case 0xCB -> "requested sensor, data or record not present";
            case 0xCC -> "invalid data field in request";
            case 0xCD -> "command illegal for specified sensor or record type";
            case 0xCE -> "command response could not be provided";
            case 0xCF -> "cannot execute duplicated request";
            case 0xD0 -> "SDR repository in update mode";
            case 0xD1 -> "device in firmware update mode";
            case 0xD2 -> "BMC initialization in progress";
            case 0xD3 -> "destination unavailable";
            case 0xD4 -> "insufficient privilege level";
            case 0xD5 -> "command not supported in present state";
            case 0xD6 -> "command sub-function disabled or unavailable";
            case 0xFF -> "unspecified error";
            default -> code >= 0x01 && code <= 0x7E ? "OEM completion code" : "unknown completion code";
        };
    }
}
