package org.eclipse.kura;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class KuraExceptionTest {

    @Test
    void messageIsTheCodeFollowedByTheArguments() {
        KuraException e = new KuraException(KuraErrorCode.CONFIGURATION_ERROR, "pid", 42);

        assertThat(e.getCode()).isEqualTo(KuraErrorCode.CONFIGURATION_ERROR);
        assertThat(e.getMessage()).isEqualTo("CONFIGURATION_ERROR: pid, 42");
        assertThat(e.getLocalizedMessage()).isEqualTo(e.getMessage());
        assertThat(e.getCause()).isNull();
    }

    @Test
    void messageWithoutArgumentsIsTheCode() {
        assertThat(new KuraException(KuraErrorCode.NOT_FOUND).getMessage()).isEqualTo("NOT_FOUND");
        assertThat(new KuraException(KuraErrorCode.NOT_FOUND, (Object[]) null).getMessage()).isEqualTo("NOT_FOUND");
    }

    @Test
    void keepsTheCause() {
        IOException cause = new IOException("disk");
        KuraException e = new KuraException(KuraErrorCode.IO_ERROR, cause, "file.txt");

        assertThat(e.getCause()).isSameAs(cause);
        assertThat(e.getMessage()).isEqualTo("IO_ERROR: file.txt");
    }

    @Test
    void internalErrorFactories() {
        IOException cause = new IOException("disk full");

        assertThat(KuraException.internalError("boom")).hasMessage("INTERNAL_ERROR: boom")
                .extracting(KuraException::getCode).isEqualTo(KuraErrorCode.INTERNAL_ERROR);
        KuraException fromCause = KuraException.internalError(cause);
        assertThat(fromCause.getCode()).isEqualTo(KuraErrorCode.INTERNAL_ERROR);
        assertThat(fromCause).hasMessage("INTERNAL_ERROR: disk full").hasCause(cause);
        KuraException both = KuraException.internalError(cause, "while saving");
        assertThat(both).hasMessage("INTERNAL_ERROR: while saving").hasCause(cause);
        assertThat(KuraException.internalError(new IOException())).hasMessage("INTERNAL_ERROR");
    }

    @Test
    void runtimeExceptionBehavesLikeTheCheckedOne() {
        KuraRuntimeException e = new KuraRuntimeException(KuraErrorCode.BAD_REQUEST, "x");

        assertThat(e.getCode()).isEqualTo(KuraErrorCode.BAD_REQUEST);
        assertThat(e).hasMessage("BAD_REQUEST: x").hasNoCause();
        assertThat(new KuraRuntimeException(KuraErrorCode.BAD_REQUEST)).hasMessage("BAD_REQUEST");
    }

    static Stream<Arguments> subclasses() {
        return Stream.of(
                codes(KuraConnectException::new, KuraConnectException::new, KuraErrorCode.CONNECTION_FAILED),
                codes(KuraDisconnectException::new, KuraDisconnectException::new, KuraErrorCode.DISCONNECTION_FAILED),
                codes(KuraIOException::new, KuraIOException::new, KuraErrorCode.IO_ERROR),
                codes(KuraNotConnectedException::new, KuraNotConnectedException::new, KuraErrorCode.NOT_CONNECTED),
                codes(KuraStoreException::new, KuraStoreException::new, KuraErrorCode.STORE_ERROR),
                codes(KuraTooManyInflightMessagesException::new, KuraTooManyInflightMessagesException::new,
                        KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES),
                codes(KuraProcessExecutionErrorException::new, KuraProcessExecutionErrorException::new,
                        KuraErrorCode.PROCESS_EXECUTION_ERROR),
                codes(KuraUnsupportedModemException::new, KuraUnsupportedModemException::new,
                        KuraErrorCode.UNSUPPORTED_MODEM));
    }

    private static Arguments codes(Function<Object, KuraException> plain,
            BiFunction<Throwable, Object, KuraException> withCause, KuraErrorCode code) {
        return Arguments.of(plain, withCause, code);
    }

    @ParameterizedTest
    @MethodSource("subclasses")
    void subclassesMapToTheirCode(Function<Object, KuraException> plain,
            BiFunction<Throwable, Object, KuraException> withCause, KuraErrorCode code) {
        RuntimeException cause = new RuntimeException("cause");

        assertThat(plain.apply("arg").getCode()).isEqualTo(code);
        assertThat(plain.apply("arg")).hasMessage(code.name() + ": arg");
        KuraException caused = withCause.apply(cause, "arg");
        assertThat(caused.getCode()).isEqualTo(code);
        assertThat(caused).hasCause(cause).hasMessage(code.name() + ": arg");
    }

    @Test
    void otherSubclasses() {
        RuntimeException cause = new RuntimeException("late");

        assertThat(new KuraStoreCapacityReachedException("full").getCode()).isEqualTo(KuraErrorCode.STORE_ERROR);
        assertThat(new KuraStoreCapacityReachedException("full")).isInstanceOf(KuraStoreException.class);
        assertThat(new KuraTimeoutException("slow").getCode()).isEqualTo(KuraErrorCode.TIMED_OUT);
        assertThat(new KuraTimeoutException("slow", cause)).hasMessage("TIMED_OUT: slow").hasCause(cause);
        assertThat(new KuraInvalidMessageException("bad").getCode())
                .isEqualTo(KuraErrorCode.INVALID_MESSAGE_EXCEPTION);
        assertThat(new KuraInvalidMessageException(cause)).hasCause(cause);
        assertThat(new KuraInvalidMessageException(cause, "bad")).hasMessage("INVALID_MESSAGE_EXCEPTION: bad");
        assertThat(new KuraInvalidMetricTypeException("m").getCode()).isEqualTo(KuraErrorCode.INVALID_METRIC_EXCEPTION);
        assertThat(new KuraInvalidMetricTypeException(cause, "m")).hasCause(cause);
    }

    @Test
    void partialSuccessKeepsTheCauses() {
        List<Throwable> causes = List.of(new IllegalStateException("a"), new IllegalStateException("b"));
        KuraPartialSuccessException e = new KuraPartialSuccessException("2 of 5 failed", causes);

        assertThat(e.getCode()).isEqualTo(KuraErrorCode.PARTIAL_SUCCESS);
        assertThat(e).hasMessage("PARTIAL_SUCCESS: 2 of 5 failed");
        assertThat(e.getCauses()).containsExactlyElementsOf(causes);
        assertThat(new KuraPartialSuccessException("none", null).getCauses()).isEmpty();
    }
}
