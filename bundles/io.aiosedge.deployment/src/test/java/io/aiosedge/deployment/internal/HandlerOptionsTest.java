package io.aiosedge.deployment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

class HandlerOptionsTest {

    /** A configuration as DS would pass it, with one value changed per test. */
    static DeploymentCommandHandler.Config config(String id, String schemes, long maxBytes, long timeoutMs,
            long progressMs) {
        return config(id, schemes, maxBytes, timeoutMs, progressMs, new String[0]);
    }

    static DeploymentCommandHandler.Config config(String id, String schemes, long maxBytes, long timeoutMs,
            long progressMs, String[] keys) {
        return new DeploymentCommandHandler.Config() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return DeploymentCommandHandler.Config.class;
            }

            @Override
            public String aios_request_handler_id() {
                return id;
            }

            @Override
            public String url_schemes() {
                return schemes;
            }

            @Override
            public long download_max_bytes() {
                return maxBytes;
            }

            @Override
            public long download_timeout_ms() {
                return timeoutMs;
            }

            @Override
            public long progress_interval_ms() {
                return progressMs;
            }

            @Override
            public String[] artifacts_trusted_keys() {
                return keys;
            }

            @Override
            public boolean deploy_allow_unsigned() {
                return false;
            }
        };
    }

    static DeploymentCommandHandler.Config defaults() {
        return config("deploy", "https,file", 512L << 20, 30_000L, 1_000L);
    }

    @Test
    void trustedKeysAreParsedAndABadEntryFailsActivationNamingTheProperty() {
        String key = io.aiosedge.api.security.Ed25519Keys.encodePublic(
                io.aiosedge.api.security.Ed25519Keys.generate().getPublic());
        assertThat(HandlerOptions.from(config("deploy", "https", 1 << 20, 1000, 0, new String[] {"rel=" + key}))
                .trustedKeys().ids()).containsExactly("rel");
        assertThat(HandlerOptions.from(defaults()).allowUnsigned()).isFalse();
        assertThatThrownBy(() -> HandlerOptions.from(config("deploy", "https", 1 << 20, 1000, 0,
                new String[] {"rel=xyz"}))).hasMessageStartingWith(
                        "deployment command handler: artifacts.trusted.keys[0] (key id 'rel'):");
    }

    @Test
    void defaultsAreValid() {
        HandlerOptions options = HandlerOptions.from(defaults());
        assertThat(options.handlerId()).isEqualTo("deploy");
        assertThat(options.urlSchemes()).containsExactly("https", "file");
        assertThat(options.maxDownloadBytes()).isEqualTo(512L << 20);
        assertThat(options.timeoutMillis()).isEqualTo(30_000);
    }

    @Test
    void schemesAreNormalizedAndMayBeEmpty() {
        assertThat(HandlerOptions.from(config("deploy", " HTTPS , http ", 2048, 1000, 0)).urlSchemes())
                .containsExactly("https", "http");
        assertThat(HandlerOptions.from(config("deploy", "", 2048, 1000, 0)).urlSchemes()).isEmpty();
    }

    @Test
    void badValuesNameTheirPropertyAndValue() {
        assertThatThrownBy(() -> HandlerOptions.from(config("dep/loy", "https", 2048, 1000, 0)))
                .hasMessage("deployment command handler: property 'aios.request.handler.id' has bad value 'dep/loy':"
                        + " must be one MQTT topic level (no '/', '+', '#')");
        assertThatThrownBy(() -> HandlerOptions.from(config(" ", "https", 2048, 1000, 0)))
                .hasMessageContaining("property 'aios.request.handler.id' has bad value ' '");
        assertThatThrownBy(() -> HandlerOptions.from(config("deploy", "https,ftp", 2048, 1000, 0)))
                .hasMessageContaining("property 'url.schemes' has bad value 'https,ftp': 'ftp' is not one of");
        assertThatThrownBy(() -> HandlerOptions.from(config("deploy", "https", 10, 1000, 0)))
                .hasMessageContaining("property 'download.max.bytes' has bad value '10': must be at least 1024");
        assertThatThrownBy(() -> HandlerOptions.from(config("deploy", "https", 2048, 5, 0)))
                .hasMessageContaining("property 'download.timeout.ms' has bad value '5'");
        assertThatThrownBy(() -> HandlerOptions.from(config("deploy", "https", 2048, 1000, -1)))
                .hasMessageContaining("property 'progress.interval.ms' has bad value '-1'");
    }
}
