package org.strata.ws.soap;

import java.util.List;
import org.apache.cxf.interceptor.Fault;
import org.apache.cxf.message.Message;
import org.apache.cxf.message.MessageContentsList;
import org.apache.cxf.phase.AbstractPhaseInterceptor;
import org.apache.cxf.phase.Phase;
import org.apache.cxf.service.model.BindingOperationInfo;
import org.apache.cxf.service.model.MessagePartInfo;
import org.apache.cxf.service.model.OperationInfo;
import org.strata.api.ErrorCode;

/**
 * Refuses, before any operation runs, an id parameter ({@code id}, {@code hostId}, {@code vmId} ...) longer than
 * ids are: REST's ids travel in a path that Jetty bounds at 8 KB, SOAP's in a body without such a bound, and an
 * unknown id is quoted back in the fault (twice: faultstring and detail). Ids are at most {@value #MAX} characters,
 * as the OpenAPI document says.
 */
public final class SoapIdLimit extends AbstractPhaseInterceptor<Message> {

    static final int MAX = 64;

    public SoapIdLimit() {
        super(Phase.PRE_INVOKE);
    }

    @Override
    public void handleMessage(Message message) {
        BindingOperationInfo bop = message.getExchange().getBindingOperationInfo();
        MessageContentsList values = MessageContentsList.getContentsList(message);
        if (bop == null || values == null) {
            return;
        }
        OperationInfo op = bop.isUnwrapped()
                ? bop.getOperationInfo()
                : bop.getOperationInfo().getUnwrappedOperation();
        if (op == null || op.getInput() == null) {
            op = bop.getOperationInfo();
        }
        List<MessagePartInfo> parts = op.getInput().getMessageParts();
        for (int i = 0; i < parts.size() && i < values.size(); i++) {
            String name = parts.get(i).getName().getLocalPart();
            if (isId(name) && values.get(i) instanceof String id && id.length() > MAX) {
                throw new Fault(new StrataFault(
                        ErrorCode.INVALID_INPUT.name(),
                        "'" + name + "' is longer than an id can be (" + MAX + " characters)"));
            }
        }
    }

    private static boolean isId(String name) {
        return name.equals("id") || name.endsWith("Id");
    }
}
