package nl.infill.system.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class ContentSecurityPolicyTest {

    private static final String POLICY = "default-src 'self'; img-src 'self' data: blob: https:; connect-src 'self'; "
            + "frame-ancestors 'none'";

    @Test
    void geoServersPublicOriginJoinsImagesAndConnectionsWhenTheMapDrawsWms() {
        MockEnvironment env = new MockEnvironment().withProperty("infill.geoserver.enabled", "true")
                .withProperty("infill.geoserver.public-url", "http://Maps.Example.nl:8080/geoserver/");
        assertThat(ContentSecurityPolicy.of(POLICY, env)).isEqualTo("default-src 'self'; "
                + "img-src 'self' data: blob: https: http://maps.example.nl:8080; "
                + "connect-src 'self' http://maps.example.nl:8080; frame-ancestors 'none'");
    }

    @Test
    void thePolicyStaysAsConfiguredWithoutAPublicUrlOrWithPublishingOff() {
        assertThat(ContentSecurityPolicy.of(POLICY, new MockEnvironment())).isEqualTo(POLICY);
        assertThat(ContentSecurityPolicy.of(POLICY, new MockEnvironment()
                .withProperty("infill.geoserver.public-url", "http://maps.example.nl/geoserver"))).isEqualTo(POLICY);
    }

    @Test
    void missingDirectivesAreAddedAndNoneIsReplaced() {
        assertThat(ContentSecurityPolicy.withOrigin("default-src 'self'; connect-src 'none'", "https://gs.example"))
                .isEqualTo("default-src 'self'; connect-src https://gs.example; img-src 'self' https://gs.example");
    }

    @Test
    void aPublicUrlThatCouldInjectADirectiveIsRefusedAtStartUp() {
        assertThatThrownBy(() -> ContentSecurityPolicy.origin("http://gs.example;script-src *"))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ContentSecurityPolicy.origin("javascript:alert(1)"))
                .isInstanceOf(IllegalStateException.class);
    }
}
