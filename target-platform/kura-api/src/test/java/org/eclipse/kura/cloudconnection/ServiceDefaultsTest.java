package org.eclipse.kura.cloudconnection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.eclipse.kura.KuraErrorCode;
import org.eclipse.kura.KuraException;
import org.eclipse.kura.cloudconnection.message.KuraMessage;
import org.eclipse.kura.cloudconnection.request.RequestHandler;
import org.eclipse.kura.cloudconnection.request.RequestHandlerContext;
import org.eclipse.kura.cloudconnection.request.RequestHandlerMessageConstants;
import org.eclipse.kura.configuration.Password;
import org.eclipse.kura.crypto.CryptoService;
import org.eclipse.kura.message.KuraPayload;
import org.junit.jupiter.api.Test;

class ServiceDefaultsTest {

    @Test
    void constants() {
        assertThat(CloudConnectionConstants.CLOUD_ENDPOINT_SERVICE_PID_PROP_NAME.value())
                .isEqualTo("cloud.endpoint.service.pid");
        assertThat(CloudConnectionConstants.CLOUD_CONNECTION_FACTORY_PID_PROP_NAME.value())
                .isEqualTo("cloud.connection.factory.pid");
        assertThat(RequestHandlerMessageConstants.ARGS_KEY.value()).isEqualTo("args");
    }

    @Test
    void requestHandlerDefaultsAreNotSupported() {
        RequestHandler handler = new RequestHandler() {
        };
        RequestHandlerContext context = new RequestHandlerContext(null, Map.of("k", "v"));
        KuraMessage message = new KuraMessage(new KuraPayload());

        assertThat(context.getContextProperties()).containsEntry("k", "v");
        assertThatThrownBy(() -> handler.doGet(context, message)).isInstanceOf(KuraException.class)
                .extracting(e -> ((KuraException) e).getCode()).isEqualTo(KuraErrorCode.OPERATION_NOT_SUPPORTED);
        assertThatThrownBy(() -> handler.doPut(context, message)).isInstanceOf(KuraException.class);
        assertThatThrownBy(() -> handler.doPost(context, message)).isInstanceOf(KuraException.class);
        assertThatThrownBy(() -> handler.doDel(context, message)).isInstanceOf(KuraException.class);
        assertThatThrownBy(() -> handler.doExec(context, message)).isInstanceOf(KuraException.class);
    }

    @Test
    void kuraMessage() {
        KuraPayload payload = new KuraPayload();

        assertThat(new KuraMessage(payload).getProperties()).isEmpty();
        assertThat(new KuraMessage(payload).getPayload()).isSameAs(payload);
        assertThat(new KuraMessage(payload, Map.of("topic", "t")).getProperties()).containsEntry("topic", "t");
    }

    @Test
    void cryptoHashDefaultsDelegate() throws Exception {
        CryptoService crypto = (CryptoService) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[] { CryptoService.class }, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("hash")) {
                        return args[1] + ":" + args[0];
                    }
                    throw new UnsupportedOperationException(method.getName());
                });

        assertThat(crypto.sha1Hash("a")).isEqualTo("SHA-1:a");
        assertThat(crypto.sha256Hash("b")).isEqualTo("SHA-256:b");
    }

    @Test
    void cloudEndpointInfoDefaultsToEmpty() {
        CloudEndpoint endpoint = (CloudEndpoint) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] { CloudEndpoint.class },
                (proxy, method, args) -> java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args));

        assertThat(endpoint.getInfo()).isEmpty();
    }

    @Test
    void password() {
        assertThat(new Password("secret").toString()).isEqualTo("secret");
        assertThat(new Password("secret".toCharArray()).getPassword()).containsExactly('s', 'e', 'c', 'r', 'e', 't');
    }
}
