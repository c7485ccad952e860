package ai.pagent.servlet;

import static org.assertj.core.api.Assertions.assertThat;

import ai.pagent.PagentVariables;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * pagent-forward.js in headless Chromium (Debian's chromium and chromium-driver; nothing is
 * downloaded), served by the filter on Jetty.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ForwardScriptBrowserTest {
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String GOAL = "7d444840-9dc0-11d1-b245-5ffdce74fad2";
    static final PagentVariables PAGE_VARIABLES = PagentVariables.of("s-browser", "u-browser", "v-browser", GOAL);

    /** What the checkout servlet received: the item field, the variables and the raw query. */
    record Submission(
            String item,
            Optional<PagentVariables> variables,
            String method,
            @Nullable String query) {}

    /** The raw form body the order servlet received, as the browser wrote it. */
    final BlockingQueue<String> rawBodies = new LinkedBlockingQueue<>();

    final BlockingQueue<Submission> submissions = new LinkedBlockingQueue<>();
    WebApp app;
    ChromeDriver browser;
    Path profile;

    @BeforeAll
    void start() throws IOException {
        assertThat(new File(CHROMEDRIVER).canExecute() && new File(CHROMIUM).canExecute())
                .as(
                        "chromium and chromedriver in /usr/bin: apt-get install -y chromium chromium-driver (.ci/run does it)")
                .isTrue();
        app = JettyWebApp.start(new TestApp(ctx -> {
            PagentFilter.builder().build().register(ctx);
            ctx.addServlet("page", new PageServlet()).addMapping("/page");
            ctx.addServlet("checkout", new CheckoutServlet()).addMapping("/checkout");
            ctx.addServlet("rawBody", new RawBodyServlet()).addMapping("/raw-body");
        }));
        profile = Files.createTempDirectory("pagent-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM)
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (app != null) {
            app.close();
        }
    }

    Submission submitCheckoutForm(String page) throws InterruptedException {
        submissions.clear();
        browser.get(app.uri(page).toString());
        browser.findElement(By.id("buy")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));
        Submission s = submissions.poll(10, TimeUnit.SECONDS);
        assertThat(s).as("the form reached the server").isNotNull();
        return s;
    }

    @Test
    void aFormWithAGoalCarriesThePagesVariablesToTheServer() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1");

        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).contains(PAGE_VARIABLES);
    }

    @Test
    void aPageWithoutPgntStillSubmitsNormally() throws InterruptedException {
        Submission s = submitCheckoutForm("/page");

        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).isEmpty();
    }

    @Test
    void aGoalThatMatchedNothingStillSendsSessionAndUser() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&goal=newsletter");

        assertThat(s.item()).isEqualTo("book");
        // the server may know the goal itself (pagent.goals.<goal>): it needs session and user
        assertThat(s.variables()).contains(PagentVariables.of("s-browser", "u-browser", "v-browser", null));
    }

    @Test
    void aGetFormGetsNoFieldSoIdsStayOutOfUrls() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&method=get");

        assertThat(s.method()).isEqualTo("GET");
        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).isEmpty();
        assertThat(s.query()).isEqualTo("item=book");
    }

    @Test
    void aFormPostingToAnotherOriginGetsNoField() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&action=" + otherOrigin("/checkout"));

        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).isEmpty();
    }

    @Test
    void aFormThatOptsInGetsTheFieldForAnyTarget() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&any=1&action=" + otherOrigin("/checkout"));

        assertThat(s.variables()).contains(PAGE_VARIABLES);
    }

    @Test
    void aButtonsFormactionToAnotherOriginWins() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&formaction=" + otherOrigin("/checkout"));

        assertThat(s.variables()).isEmpty();
    }

    @Test
    void aFieldNamedActionDoesNotFoolTheOriginCheck() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=1&clobber=1&action=" + otherOrigin("/checkout"));

        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).isEmpty();
    }

    @Test
    void theFieldComesFirstInTheBody() throws InterruptedException {
        rawBodies.clear();
        browser.get(app.uri("/page?pgnt=1&action=" + app.contextPath() + "/raw-body")
                .toString());
        browser.findElement(By.id("buy")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.presenceOfElementLocated(By.id("done")));

        String body = rawBodies.poll(10, TimeUnit.SECONDS);
        assertThat(body).as("the form reached the server").isNotNull();
        assertThat(body).startsWith("_pgnt=").endsWith("&item=book");
    }

    /** The same server under another origin: localhost instead of 127.0.0.1. */
    String otherOrigin(String path) {
        return "http://localhost:" + app.port() + app.contextPath() + path;
    }

    @Test
    void aThrowingPgntNeverBlocksTheSubmit() throws InterruptedException {
        Submission s = submitCheckoutForm("/page?pgnt=throw");

        assertThat(s.item()).isEqualTo("book");
        assertThat(s.variables()).isEmpty();
    }

    @Test
    void fetchSendsTheVariablesAsAHeader() {
        browser.get(app.uri("/page?pgnt=1").toString());

        Object body = ((JavascriptExecutor) browser)
                .executeAsyncScript(
                        "var done = arguments[arguments.length - 1];"
                                + "fetch('" + app.contextPath()
                                + "/vars', {headers: pagentForward.headers('checkout')})"
                                + ".then(function (r) { return r.text(); }).then(done, function (e) { done('failed ' + e); });");

        assertThat(Http.parse(String.valueOf(body)).get("variables")).isEqualTo(PAGE_VARIABLES.toJson());
    }

    @Test
    void headersAreEmptyWithoutPgnt() {
        browser.get(app.uri("/page").toString());

        Object headers = ((JavascriptExecutor) browser)
                .executeScript("return JSON.stringify(pagentForward.headers('checkout'));");

        assertThat(headers).isEqualTo("{}");
    }

    /** The shop's page: the helper script, an optional stand-in for pagent's tag, a checkout form. */
    static final class PageServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String pgnt = req.getParameter("pgnt");
            String goal = req.getParameter("goal") == null ? "checkout" : req.getParameter("goal");
            String method = req.getParameter("method") == null ? "post" : req.getParameter("method");
            String action = req.getParameter("action") == null
                    ? req.getContextPath() + "/checkout"
                    : req.getParameter("action");
            String optIn = req.getParameter("any") == null ? "" : " data-pgnt-any-target";
            String formaction = req.getParameter("formaction") == null
                    ? ""
                    : " formaction=\"" + req.getParameter("formaction") + "\"";
            String clobber = req.getParameter("clobber") == null
                    ? ""
                    : "<input type=\"hidden\" name=\"action\" value=\"buy\">"
                            + "<input type=\"hidden\" name=\"method\" value=\"post\">";
            String standIn = "";
            if ("1".equals(pgnt)) {
                standIn = "<script>window._pgnt = { variables: function (label) { return {session_id: 's-browser',"
                        + " user_id: 'u-browser', visit_id: 'v-browser', conversion_id: label === 'checkout' ? '"
                        + GOAL + "' : null}; } };</script>";
            } else if ("throw".equals(pgnt)) {
                standIn =
                        "<script>window._pgnt = { variables: function () { throw new Error('broken tag'); } };</script>";
            }
            String html = "<!doctype html><html><head><title>shop</title>" + standIn + "<script src=\""
                    + req.getContextPath() + PagentFilter.DEFAULT_SCRIPT_PATH + "\"></script></head><body>"
                    + "<form method=\"" + method + "\" action=\"" + action + "\" data-pgnt-goal=\"" + goal + "\""
                    + optIn
                    + "><input name=\"item\" value=\"book\">" + clobber + "<button id=\"buy\" type=\"submit\""
                    + formaction
                    + ">Buy</button></form>"
                    + "</body></html>";
            resp.setContentType("text/html;charset=UTF-8");
            resp.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
        }
    }

    final class CheckoutServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            String item = req.getParameter("item");
            submissions.add(new Submission(
                    String.valueOf(item), PagentRequests.variables(req), req.getMethod(), req.getQueryString()));
            done(resp);
        }

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            doPost(req, resp);
        }
    }

    final class RawBodyServlet extends HttpServlet {
        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            rawBodies.add(new String(req.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            done(resp);
        }
    }

    static void done(HttpServletResponse resp) throws IOException {
        resp.setContentType("text/html;charset=UTF-8");
        resp.getOutputStream()
                .write("<!doctype html><html><body><p id=\"done\">thanks</p></body></html>"
                        .getBytes(StandardCharsets.UTF_8));
    }
}
