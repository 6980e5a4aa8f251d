package io.aiosedge.cloudsync.mqtt.internal.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void matchesWildcardsLikeABroker() {
        assertThat(Topics.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(Topics.matches("a/+/c", "a/b/d")).isFalse();
        assertThat(Topics.matches("a/+", "a/b/c")).isFalse();
        assertThat(Topics.matches("a/#", "a")).isTrue();
        assertThat(Topics.matches("a/#", "a/b/c")).isTrue();
        assertThat(Topics.matches("#", "x/y")).isTrue();
        assertThat(Topics.matches("#", "$SYS/x")).isFalse();
        assertThat(Topics.matches("+/x", "$SYS/x")).isFalse();
        assertThat(Topics.matches("a/b", "a/b/")).isFalse();
        assertThat(Topics.matches("a/+/", "a/b/")).isTrue();
    }

    @Test
    void sharedSubscriptionsMatchTheirFilter() {
        assertThat(Topics.matchingFilter("$share/g/aios/v1/t/offload/x")).isEqualTo("aios/v1/t/offload/x");
        assertThat(Topics.matches("$share/g/aios/v1/t/offload/+", "aios/v1/t/offload/x")).isTrue();
        assertThat(Topics.matches("$share/g/aios/v1/t/offload/+", "aios/v1/u/offload/x")).isFalse();
    }

    @Test
    void validatesFiltersAndNames() {
        Topics.checkTopicFilter("a/+/b/#", "f");
        assertThatThrownBy(() -> Topics.checkTopicFilter("a/#/b", "f")).hasMessageContaining("'#' must be the whole last level");
        assertThatThrownBy(() -> Topics.checkTopicFilter("a/b+", "f")).hasMessageContaining("'+' must be a whole level");
        assertThatThrownBy(() -> Topics.checkTopicFilter("$share/g", "f")).hasMessageContaining("without a filter");
        assertThatThrownBy(() -> Topics.checkTopicName("a/+", "topic")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> Topics.checkTopicName("", "topic")).hasMessageContaining("empty");
    }

    @Test
    void resolvesTemplatesAndNamesUnknownVariables() {
        Map<String, String> vars = Map.of("tenant", "acme", "client-id", "gw1");
        assertThat(Topics.resolve("aios/v1/#{tenant}/#{client-id}/#{app-id}", vars, Map.of("app-id", "temp")))
                .isEqualTo("aios/v1/acme/gw1/temp");
        assertThat(Topics.resolve("plain/topic", vars, null)).isEqualTo("plain/topic");
        assertThatThrownBy(() -> Topics.resolve("x/#{nope}", vars, null)).hasMessageContaining("#{nope}");
        assertThatThrownBy(() -> Topics.resolve("x/#{open", vars, null)).hasMessageContaining("unterminated");
    }
}
