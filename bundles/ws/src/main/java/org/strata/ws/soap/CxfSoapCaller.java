package org.strata.ws.soap;

import org.apache.cxf.message.Exchange;
import org.apache.cxf.message.Message;
import org.apache.cxf.phase.PhaseInterceptorChain;
import org.strata.ws.security.AuthenticatedUser;

/** Reads the caller from the CXF exchange being processed on this thread. */
public final class CxfSoapCaller implements SoapCaller {

    @Override
    public AuthenticatedUser current() {
        Message message = PhaseInterceptorChain.getCurrentMessage();
        Exchange exchange = message == null ? null : message.getExchange();
        return exchange == null ? null : exchange.get(AuthenticatedUser.class);
    }
}
