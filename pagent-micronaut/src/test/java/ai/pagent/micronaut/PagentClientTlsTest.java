package ai.pagent.micronaut;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.Conversion;
import ai.pagent.PagentClient;
import ai.pagent.SendResult;
import io.micronaut.context.ApplicationContext;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import kotlin.KotlinVersion;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A real request over TLS through the client this module builds, on the classpath a Micronaut
 * 4.10.8 user gets: micronaut-platform pins kotlin-stdlib at 1.9.25 under OkHttp 5 (built with
 * Kotlin 2.1). A clash between the two shows up here, not in a user's production.
 */
class PagentClientTlsTest {

    @ParameterizedTest
    @EnumSource(
            value = Protocol.class,
            names = {"HTTP_2", "HTTP_1_1"})
    void postsOverTlsWithTheKotlinStdlibMicronautManages(Protocol protocol) throws Exception {
        assertThat(KotlinVersion.CURRENT.toString()).isEqualTo("1.9.25");
        assertThat(KotlinVersion.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toString())
                .contains("kotlin-stdlib-1.9.25.jar");

        HeldCertificate localhost = new HeldCertificate.Builder()
                .addSubjectAlternativeName("localhost")
                .build();
        HandshakeCertificates serverCerts =
                new HandshakeCertificates.Builder().heldCertificate(localhost).build();
        HandshakeCertificates clientCerts = new HandshakeCertificates.Builder()
                .addTrustedCertificate(localhost.certificate())
                .build();
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(serverCerts.sslSocketFactory());
            server.setProtocols(
                    protocol == Protocol.HTTP_2
                            ? List.of(Protocol.HTTP_2, Protocol.HTTP_1_1)
                            : List.of(Protocol.HTTP_1_1));
            server.enqueue(new MockResponse.Builder()
                    .code(200)
                    .addHeader("Content-Type", "application/json")
                    .body("{\"accepted\":1}")
                    .build());
            server.start(InetAddress.getLoopbackAddress(), 0);
            String endpoint = "https://localhost:" + server.getPort();
            OkHttpClient trusting = new OkHttpClient.Builder()
                    .sslSocketFactory(clientCerts.sslSocketFactory(), clientCerts.trustManager())
                    .build();

            try (ApplicationContext context = ApplicationContext.builder()
                    .properties(Map.of("pagent.api-key", "tls-test-key", "pagent.endpoint", endpoint))
                    .singletons((PagentClientCustomizer) builder -> builder.httpClient(trusting))
                    .start()) {
                PagentClient client = context.getBean(PagentClient.class);
                SendResult result = client.send(List.of(Conversion.builder()
                        .sessionId("tls-session")
                        .userId("tls-user")
                        .conversionId(Http.CONVERSION_ID)
                        .label("checkout")
                        .revenueCents(4999)
                        .build()));

                assertThat(result.accepted()).isEqualTo(1);
            }
            RecordedRequest request = server.takeRequest(10, TimeUnit.SECONDS);
            assertThat(request).isNotNull();
            assertThat(request.getHandshake()).isNotNull();
            assertThat(request.getVersion()).isEqualTo(protocol == Protocol.HTTP_2 ? "HTTP/2" : "HTTP/1.1");
            assertThat(request.getUrl().encodedPath()).isEqualTo("/v1/conversions");
            assertThat(request.getHeaders().get("Authorization")).isEqualTo("Bearer tls-test-key");
            assertThat(request.getBody().utf8())
                    .contains("\"session_id\":\"tls-session\"")
                    .contains("\"revenue\":4999");
        }
    }
}
