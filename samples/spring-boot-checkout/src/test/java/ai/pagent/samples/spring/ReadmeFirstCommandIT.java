package ai.pagent.samples.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Runs the README's first command as a new user would: its build step in a fresh copy of the
 * project's sources, then the Spring Boot jar it built, which must print the URL of a working shop.
 * So the README cannot rot silently.
 */
class ReadmeFirstCommandIT {
    static final Path ROOT = Path.of(System.getProperty("project.root", "../.."))
            .toAbsolutePath()
            .normalize();
    static final Pattern URL_LINE = Pattern.compile("open (http://localhost:\\d+/)");

    Path copy;
    Process shop;

    @AfterEach
    void cleanUp() throws IOException {
        if (shop != null) {
            shop.destroy();
            try {
                if (!shop.waitFor(30, TimeUnit.SECONDS)) {
                    shop.destroyForcibly();
                }
            } catch (InterruptedException e) {
                shop.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        if (copy != null) {
            try (Stream<Path> files = Files.walk(copy)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void theReadmesFirstCommandBuildsTheSpringBootSampleAndItsJarServesTheShop() throws Exception {
        String command = firstCommand(Files.readString(ROOT.resolve("README.md")));
        assertThat(command).as("the README's first command").contains(" && java -jar ");
        String build = command.substring(0, command.indexOf(" && "));
        String jar = command.substring(command.indexOf("java -jar ") + "java -jar ".length())
                .trim();
        assertThat(build).startsWith("./mvnw ").contains("samples/spring-boot-checkout");

        copy = Files.createTempDirectory("pagent-readme");
        copySources(ROOT, copy);
        ProcessBuilder builder =
                new ProcessBuilder("sh", "-c", build).directory(copy.toFile()).redirectErrorStream(true);
        builder.environment().put("MAVEN_OPTS", "-Xmx1g");
        Process maven = builder.start();
        String output = new String(maven.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(maven.waitFor())
                .as("exit code of `%s`, which printed:%n%s", build, output)
                .isZero();
        assertThat(copy.resolve(jar)).as("the jar the README runs").isRegularFile();

        shop = new ProcessBuilder(javaBinary(), "-jar", jar, "--server.port=0")
                .directory(copy.toFile())
                .redirectErrorStream(true)
                .start();
        URI url = awaitUrl(shop, Duration.ofMinutes(3));

        HttpClient http = HttpClient.newHttpClient();
        assertThat(http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString())
                        .body())
                .contains("Field notebook")
                .contains("pagent-standin.js");
        String visitor = "{\"session_id\":\"s_readme\",\"user_id\":\"u_readme\",\"visit_id\":\"v_readme\","
                + "\"conversion_id\":\"5f0c6a8e-3b1d-4e2a-9c7f-1d2e3f4a5b6c\"}";
        HttpResponse<String> receipt = http.send(
                HttpRequest.newBuilder(url.resolve("/checkout"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "sku=notebook&quantity=1&_pgnt=" + URLEncoder.encode(visitor, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(receipt.body()).contains("<span id=\"revenue\">1250</span>");
        // The client sends within its 1 s flush interval; the dev page shows it once it arrived.
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(http.send(
                                        HttpRequest.newBuilder(url.resolve("/_dev/conversions"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .contains("<td class=\"session\">s_readme</td>")
                        .contains("<td class=\"revenue\">1250</td>"));
    }

    /** The first line of the README's first {@code sh} block that is not a comment. */
    static String firstCommand(String readme) {
        int block = readme.indexOf("```sh\n");
        assertThat(block).as("a ```sh block in the README").isNotNegative();
        for (String line : readme.substring(block + 6).split("\n")) {
            if (line.startsWith("```")) {
                break;
            }
            if (!line.isBlank() && !line.trim().startsWith("#")) {
                return line.trim();
            }
        }
        throw new AssertionError("the README's first sh block has no command");
    }

    private static URI awaitUrl(Process process, Duration timeout) throws InterruptedException {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        List<String> seen = new ArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
                Matcher m = URL_LINE.matcher(line);
                if (m.find()) {
                    return URI.create(m.group(1));
                }
            } else if (!process.isAlive()) {
                break;
            }
        }
        throw new AssertionError(
                "the sample printed no URL within " + timeout + "; it printed:\n" + String.join("\n", seen));
    }

    private static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The project as a fresh clone has it: everything but build output and version control. */
    private static void copySources(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.filter(p -> !excluded(from.relativize(p))).forEach(p -> {
                Path target = to.resolve(from.relativize(p).toString());
                try {
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(target);
                    } else {
                        Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private static boolean excluded(Path relative) {
        for (Path part : relative) {
            String name = part.toString();
            if (name.equals("target") || name.equals(".git") || name.equals(".idea")) {
                return true;
            }
        }
        return false;
    }
}
