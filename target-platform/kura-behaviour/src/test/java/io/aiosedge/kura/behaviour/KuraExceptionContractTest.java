package io.aiosedge.kura.behaviour;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

import org.eclipse.kura.KuraConnectException;
import org.eclipse.kura.KuraDisconnectException;
import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.KuraIOException;
import org.eclipse.kura.KuraInvalidMessageException;
import org.eclipse.kura.KuraInvalidMetricTypeException;
import org.eclipse.kura.KuraNotConnectedException;
import org.eclipse.kura.KuraPartialSuccessException;
import org.eclipse.kura.KuraProcessExecutionErrorException;
import org.eclipse.kura.KuraRuntimeException;
import org.eclipse.kura.KuraStoreCapacityReachedException;
import org.eclipse.kura.KuraStoreException;
import org.eclipse.kura.KuraTimeoutException;
import org.eclipse.kura.KuraTooManyInflightMessagesException;
import org.eclipse.kura.KuraUnsupportedModemException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code KuraException} and {@code KuraRuntimeException} format their message from Kura's pattern bundle with
 * {@code MessageFormat}: which codes keep their argument decides whether our error messages reach the user.
 */
class KuraExceptionContractTest {

    /** The codes whose pattern holds {0}: their first argument is in the message. */
    static Stream<Arguments> codesThatKeepTheirArgument() {
        return Stream.of(
                Arguments.of(KuraErrorCode.CONFIGURATION_ERROR, "Configuration Error: x"),
                Arguments.of(KuraErrorCode.INTERNAL_ERROR, "An internal error occurred. x"),
                Arguments.of(KuraErrorCode.INVALID_PARAMETER, "Invalid parameter. x"),
                Arguments.of(KuraErrorCode.BAD_REQUEST, "Bad request. x"),
                Arguments.of(KuraErrorCode.SERVICE_UNAVAILABLE, "Service unavailable. x."),
                Arguments.of(KuraErrorCode.SECURITY_EXCEPTION,
                        "The current subject is not authorized to perform this operation. x"),
                Arguments.of(KuraErrorCode.OPERATION_NOT_SUPPORTED, "Operation x not supported."),
                Arguments.of(KuraErrorCode.CONFIGURATION_UPDATE,
                        "Error updating Configuration of ConfigurableComponent x"),
                Arguments.of(KuraErrorCode.INVALID_METRIC_EXCEPTION, "Metric x is invalid."),
                // The double quotes are in Kura's bundle and so in the message.
                Arguments.of(KuraErrorCode.CONNECTION_FAILED, "\"Connection failed. x\""),
                Arguments.of(KuraErrorCode.STORE_ERROR, "\"Error performing operation on store. x\""));
    }

    @ParameterizedTest
    @MethodSource("codesThatKeepTheirArgument")
    void aPatternWithAPlaceholderTakesTheFirstArgument(KuraErrorCode code, String message) {
        KuraException e = new KuraException(code, "x");

        assertThat(e.getCode()).isEqualTo(code);
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.getLocalizedMessage()).isEqualTo(message);
        assertThat(e.getCause()).isNull();
        assertThat(e).hasToString(KuraException.class.getName() + ": " + message);
    }

    /** The codes our bundles must not throw with a message that matters: Kura drops the arguments. */
    @ParameterizedTest
    @EnumSource(names = { "NOT_FOUND", "NOT_CONNECTED", "TIMED_OUT", "PARTIAL_SUCCESS", "INVALID_MESSAGE_EXCEPTION",
            "CONFIGURATION_ROLLBACK", "DISCONNECTION_FAILED" })
    void aPatternWithoutAPlaceholderDropsTheArguments(KuraErrorCode code) {
        String message = new KuraException(code, "model 'm' is not loaded").getMessage();

        assertThat(message).doesNotContain("model").isNotEmpty();
        assertThat(new KuraException(code).getMessage()).isEqualTo(message);
    }

    @Test
    void notFoundIsAlwaysTheSameText() {
        assertThat(new KuraException(KuraErrorCode.NOT_FOUND, "model 'm' is not loaded")).hasMessage("Not found.");
        assertThat(new KuraException(KuraErrorCode.NOT_FOUND)).hasMessage("Not found.");
    }

    @Test
    void extraArgumentsAreDroppedAndAMissingOneLeavesThePlaceholder() {
        assertThat(new KuraException(KuraErrorCode.CONFIGURATION_ERROR, "a", "b")).hasMessage("Configuration Error: a");
        assertThat(new KuraException(KuraErrorCode.CONFIGURATION_ERROR)).hasMessage("Configuration Error: {0}");
        assertThat(new KuraException(KuraErrorCode.CONFIGURATION_ERROR, (Object[]) null))
                .hasMessage("Configuration Error: {0}");
    }

    @Test
    void twoPlaceholdersAndQuotedText() {
        assertThat(new KuraException(KuraErrorCode.OS_COMMAND_ERROR, "ls", 2))
                .hasMessage("Command 'ls' exited with code 2.");
        assertThat(new KuraException(KuraErrorCode.CONFIGURATION_ATTRIBUTE_INVALID, "port", "x", "not a number"))
                .hasMessage("The configuration attribute port cannot accept value x: not a number.");
    }

    @Test
    void internalErrorJoinsTwoOrMoreArguments() {
        KuraException e = new KuraException(KuraErrorCode.INTERNAL_ERROR, "a", "b");

        assertThat(e).hasMessage("An internal error occurred.  - a - b");
        assertThat(e.getMessage()).as("formatting twice").isEqualTo("An internal error occurred.  - a - b");
        // A null code joins too, but its generic pattern has only {1}: the joined argument is {0}.
        assertThat(new KuraException(null, "a", "b")).hasMessage("Generic Error - Unknown: {1}");
    }

    @Test
    void codesWithoutAPatternGetTheGenericOne() {
        assertThat(new KuraIOException("disk")).hasMessage("Generic Error - IO_ERROR: {1}");
        assertThat(new KuraException(KuraErrorCode.IO_ERROR, "a", "b")).hasMessage("Generic Error - IO_ERROR: b");
        assertThat(new KuraUnsupportedModemException("m")).hasMessage("Generic Error - UNSUPPORTED_MODEM: {1}");
        assertThat(new KuraException(null)).hasMessage("Generic Error - Unknown: {1}");
        assertThat(new KuraException(null).getCode()).isNull();
    }

    @Test
    void internalErrorFactories() {
        IOException cause = new IOException("disk full");

        assertThat(KuraException.internalError("boom")).hasMessage("An internal error occurred. boom").hasNoCause()
                .extracting(KuraException::getCode).isEqualTo(KuraErrorCode.INTERNAL_ERROR);
        assertThat(KuraException.internalError(cause)).as("the cause's message is not in Kura's")
                .hasMessage("An internal error occurred. ").hasCause(cause);
        assertThat(KuraException.internalError(cause, "while saving"))
                .hasMessage("An internal error occurred. while saving").hasCause(cause);
    }

    @Test
    void numbersAreFormattedInTheDefaultLocaleEvenByGetMessage() {
        Locale saved = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            assertThat(new KuraException(KuraErrorCode.BAD_REQUEST, 12345)).hasMessage("Bad request. 12,345");
            Locale.setDefault(Locale.GERMANY);
            assertThat(new KuraException(KuraErrorCode.BAD_REQUEST, 12345)).hasMessage("Bad request. 12.345");
            assertThat(new KuraException(KuraErrorCode.BAD_REQUEST, "12345")).hasMessage("Bad request. 12345");
        } finally {
            Locale.setDefault(saved);
        }
    }

    @Test
    void anApostropheInAnArgumentIsKept() {
        assertThat(new KuraException(KuraErrorCode.INVALID_PARAMETER, "model 'm' is not loaded"))
                .hasMessage("Invalid parameter. model 'm' is not loaded");
    }

    @Test
    void runtimeExceptionFormatsTheSameWay() {
        KuraRuntimeException e = new KuraRuntimeException(KuraErrorCode.BAD_REQUEST, "x");

        assertThat(e.getCode()).isEqualTo(KuraErrorCode.BAD_REQUEST);
        assertThat(e).hasMessage("Bad request. x").hasNoCause()
                .hasToString(KuraRuntimeException.class.getName() + ": Bad request. x");
        assertThat(new KuraRuntimeException(KuraErrorCode.BAD_REQUEST)).hasMessage("Bad request. {0}");
        assertThat(new KuraRuntimeException(KuraErrorCode.INTERNAL_ERROR, "a", "b"))
                .hasMessage("An internal error occurred.  - a - b");
        assertThat(new KuraRuntimeException(KuraErrorCode.NOT_FOUND, "x")).hasMessage("Not found.");
        RuntimeException cause = new RuntimeException("c");
        assertThat(new KuraRuntimeException(KuraErrorCode.BAD_REQUEST, cause, "x")).hasCause(cause);
    }

    static Stream<Arguments> subclasses() {
        return Stream.of(
                subclass(KuraConnectException::new, KuraConnectException::new, KuraErrorCode.CONNECTION_FAILED,
                        "\"Connection failed. arg\""),
                subclass(KuraDisconnectException::new, KuraDisconnectException::new,
                        KuraErrorCode.DISCONNECTION_FAILED, "Disconnection failed."),
                subclass(KuraIOException::new, KuraIOException::new, KuraErrorCode.IO_ERROR,
                        "Generic Error - IO_ERROR: {1}"),
                subclass(KuraNotConnectedException::new, KuraNotConnectedException::new, KuraErrorCode.NOT_CONNECTED,
                        "Not connected."),
                subclass(KuraStoreException::new, KuraStoreException::new, KuraErrorCode.STORE_ERROR,
                        "\"Error performing operation on store. arg\""),
                subclass(KuraTooManyInflightMessagesException::new, KuraTooManyInflightMessagesException::new,
                        KuraErrorCode.TOO_MANY_INFLIGHT_MESSAGES, "\"Too many in-flight messages.\""),
                subclass(KuraProcessExecutionErrorException::new, KuraProcessExecutionErrorException::new,
                        KuraErrorCode.PROCESS_EXECUTION_ERROR, "Unable to execute system process arg"),
                subclass(KuraUnsupportedModemException::new, KuraUnsupportedModemException::new,
                        KuraErrorCode.UNSUPPORTED_MODEM, "Generic Error - UNSUPPORTED_MODEM: {1}"));
    }

    private static Arguments subclass(Function<Object, KuraException> plain,
            BiFunction<Throwable, Object, KuraException> withCause, KuraErrorCode code, String message) {
        return Arguments.of(plain, withCause, code, message);
    }

    @ParameterizedTest
    @MethodSource("subclasses")
    void subclassesCarryTheirCode(Function<Object, KuraException> plain,
            BiFunction<Throwable, Object, KuraException> withCause, KuraErrorCode code, String message) {
        RuntimeException cause = new RuntimeException("cause");

        assertThat(plain.apply("arg").getCode()).isEqualTo(code);
        assertThat(plain.apply("arg")).hasMessage(message).hasNoCause();
        KuraException caused = withCause.apply(cause, "arg");
        assertThat(caused.getCode()).isEqualTo(code);
        assertThat(caused).hasCause(cause).hasMessage(message);
    }

    @Test
    void otherSubclasses() {
        RuntimeException cause = new RuntimeException("late");

        assertThat(new KuraStoreCapacityReachedException("full").getCode()).isEqualTo(KuraErrorCode.STORE_ERROR);
        assertThat(new KuraStoreCapacityReachedException("full")).isInstanceOf(KuraStoreException.class)
                .hasMessage("\"Error performing operation on store. full\"");
        assertThat(new KuraTimeoutException("slow").getCode()).isEqualTo(KuraErrorCode.TIMED_OUT);
        assertThat(new KuraTimeoutException("slow", cause)).hasCause(cause)
                .hasMessage("Timeout occurred while waiting for the operation to complete.");
        assertThat(new KuraInvalidMessageException("bad").getCode())
                .isEqualTo(KuraErrorCode.INVALID_MESSAGE_EXCEPTION);
        assertThat(new KuraInvalidMessageException("bad")).hasMessage("Message or its encoding is invalid.");
        assertThat(new KuraInvalidMessageException(cause)).hasCause(cause)
                .hasMessage("Message or its encoding is invalid.");
        assertThat(new KuraInvalidMessageException(cause, "bad")).hasCause(cause);
        assertThat(new KuraInvalidMetricTypeException("m").getCode()).isEqualTo(KuraErrorCode.INVALID_METRIC_EXCEPTION);
        assertThat(new KuraInvalidMetricTypeException("m")).hasMessage("Metric m is invalid.");
        assertThat(new KuraInvalidMetricTypeException(cause, "m")).hasCause(cause);
    }

    @Test
    void partialSuccessKeepsTheCausesAsGiven() {
        List<Throwable> causes = new ArrayList<>(List.of(new IllegalStateException("a")));
        KuraPartialSuccessException e = new KuraPartialSuccessException("2 of 5 failed", causes);

        assertThat(e.getCode()).isEqualTo(KuraErrorCode.PARTIAL_SUCCESS);
        assertThat(e).hasMessage("The operation succeeded only partially.").hasNoCause();
        causes.add(new IllegalStateException("b"));
        assertThat(e.getCauses()).as("not copied").hasSize(2);
        assertThat(new KuraPartialSuccessException("none", null).getCauses()).isNull();
    }
}
