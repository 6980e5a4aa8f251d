package org.eclipse.kura.message;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.osgi.annotation.versioning.ProviderType;

/** Mirrors Kura's {@code KuraResponsePayload}: a payload carrying a response code and, on error, an exception. */
@ProviderType
public class KuraResponsePayload extends KuraPayload {

    public static final int RESPONSE_CODE_OK = 200;
    public static final int RESPONSE_CODE_BAD_REQUEST = 400;
    public static final int RESPONSE_CODE_NOTFOUND = 404;
    public static final int RESPONSE_CODE_ERROR = 500;

    public static final String METRIC_RESPONSE_CODE = "response.code";
    public static final String METRIC_EXCEPTION_MSG = "response.exception.message";
    public static final String METRIC_EXCEPTION_STACK = "response.exception.stack";

    public KuraResponsePayload(int responseCode) {
        super();
        setResponseCode(responseCode);
    }

    /** A response with code {@value #RESPONSE_CODE_ERROR} carrying the exception. */
    public KuraResponsePayload(Throwable t) {
        this(RESPONSE_CODE_ERROR, t);
    }

    public KuraResponsePayload(int responseCode, Throwable t) {
        this(responseCode);
        setException(t);
    }

    /** @param payload a payload whose timestamp, position, metrics and body are copied */
    public KuraResponsePayload(KuraPayload payload) {
        super();
        setTimestamp(payload.getTimestamp());
        setPosition(payload.getPosition());
        payload.metrics().forEach(this::addMetric);
        setBody(payload.getBody());
    }

    /** @return the response code, or 0 when the payload carries none */
    public int getResponseCode() {
        Object code = getMetric(METRIC_RESPONSE_CODE);
        return code instanceof Number ? ((Number) code).intValue() : 0;
    }

    public void setResponseCode(int responseCode) {
        addMetric(METRIC_RESPONSE_CODE, responseCode);
    }

    public String getExceptionMessage() {
        return (String) getMetric(METRIC_EXCEPTION_MSG);
    }

    public void setExceptionMessage(String message) {
        addMetric(METRIC_EXCEPTION_MSG, message);
    }

    public String getExceptionStack() {
        return (String) getMetric(METRIC_EXCEPTION_STACK);
    }

    public void setExceptionStack(String stack) {
        addMetric(METRIC_EXCEPTION_STACK, stack);
    }

    /** Sets the exception message and stack trace metrics from {@code t} (nothing when it is null). */
    public void setException(Throwable t) {
        if (t == null) {
            return;
        }
        setExceptionMessage(t.getMessage());
        StringWriter stack = new StringWriter();
        try (PrintWriter writer = new PrintWriter(stack)) {
            t.printStackTrace(writer);
        }
        setExceptionStack(stack.toString());
    }
}
