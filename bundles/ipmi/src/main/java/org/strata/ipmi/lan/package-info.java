/**
 * A small IPMI 2.0 LAN client: RMCP+ sessions with cipher suite 3 (RAKP-HMAC-SHA1, HMAC-SHA1-96 integrity,
 * AES-CBC-128 confidentiality), raised to Administrator, over a bounded pool of UDP sockets shared by all
 * sessions. It replaces org.metricshub:ipmi-java, which the design first named: see the driver guide for the
 * evidence. It sends raw requests (network function, command, data) and returns the completion code and data;
 * what the bytes mean is the driver's business.
 */
@Version("1.0.0")
package org.strata.ipmi.lan;

import org.osgi.annotation.versioning.Version;
