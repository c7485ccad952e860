package ai.pagent.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link Endpoints}: each rule of the endpoint, and how an endpoint is shown without its secrets. */
class EndpointsTest {
    private static List<String> problems(String endpoint) {
        List<String> problems = new ArrayList<>();
        Endpoints.check(URI.create(endpoint), problems);
        return problems;
    }

    @Test
    void acceptsAnHttpsUrlAndReturnsItParsed() {
        List<String> problems = new ArrayList<>();
        HttpUrl url = Endpoints.check(URI.create("https://ingest.pagent.ai/base"), problems);

        assertThat(problems).isEmpty();
        assertThat(url).isEqualTo(HttpUrl.get("https://ingest.pagent.ai/base"));
    }

    @Test
    void returnsNothingForAUrlThatIsNotHttp() {
        List<String> problems = new ArrayList<>();

        assertThat(Endpoints.check(URI.create("ftp://ingest.pagent.ai"), problems))
                .isNull();
        assertThat(problems).containsExactly("endpoint must be an absolute http(s) URL, got ftp://ingest.pagent.ai");
        assertThat(Endpoints.check(URI.create("ingest.pagent.ai"), new ArrayList<>()))
                .isNull();
    }

    @Test
    void namesEachBrokenRuleOnce() {
        assertThat(problems("http://user:pw@example.com/p?q=1"))
                .containsExactly(
                        "endpoint must not carry user info (credentials belong in apiKey), got http://***@example.com/p",
                        "endpoint must not have a query or fragment, got http://***@example.com/p",
                        "endpoint must use https (http is allowed only for localhost and loopback IP addresses such"
                                + " as 127.0.0.1 or [::1]), got http://***@example.com/p");
        assertThat(problems("https://example.com/p#top"))
                .singleElement()
                .asString()
                .contains("query or fragment");
        assertThat(problems("http://127.0.0.1:8080")).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "localhost, true",
        "LOCALHOST, true",
        "127.0.0.1, true",
        "127.255.255.254, true",
        "128.0.0.1, false",
        "10.127.0.1, false",
        "127.0.0.1.nip.io, false",
        "1127.0.0.1, false",
        "::1, true",
        "::2, false",
        "localhost.example.com, false",
        // A name is never resolved to decide: these may well point at 127.0.0.1.
        "cafe.be, false",
        "loopback, false"
    })
    void decidesLoopbackFromTheTextAlone(String host, boolean loopback) {
        assertThat(Endpoints.isLoopback(host)).isEqualTo(loopback);
    }

    @ParameterizedTest
    @CsvSource({
        "https://ingest.pagent.ai, https://ingest.pagent.ai",
        "https://ingest.pagent.ai:8443/base/, https://ingest.pagent.ai:8443/base/",
        "https://user:s3cret@ingest.pagent.ai/base, https://***@ingest.pagent.ai/base",
        "https://a@b@ingest.pagent.ai, https://***@ingest.pagent.ai",
        "https://@ingest.pagent.ai/base, https://***@ingest.pagent.ai/base",
        "https://ingest.pagent.ai/base?key=s3cret#frag, https://ingest.pagent.ai/base",
        "relative/path, relative/path",
        "relative/path?key=s3cret, (a URI that is not an http(s) URL)",
        "mailto:someone@example.com, mailto:someone@example.com"
    })
    void showsAnEndpointWithoutCredentialsQueryOrFragment(String endpoint, String shown) {
        assertThat(Endpoints.redacted(URI.create(endpoint))).isEqualTo(shown);
    }
}
