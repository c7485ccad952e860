package ai.pagent.samples.shop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An HTML page from the classpath with {@code {{name}}} slots, filled with ready-made HTML. */
final class Template {
    private static final Pattern SLOT = Pattern.compile("\\{\\{([a-zA-Z]+)}}");

    private final String name;
    private final String text;

    private Template(String name, String text) {
        this.name = name;
        this.text = text;
    }

    static Template load(String resource) {
        try (InputStream in = Template.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("template " + resource + " is not on the classpath");
            }
            return new Template(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The page with every slot replaced by its HTML in {@code html}.
     *
     * @throws IllegalStateException when a slot has no value: a template and its code disagree
     */
    String render(Map<String, String> html) {
        Matcher m = SLOT.matcher(text);
        StringBuilder out = new StringBuilder(text.length() + 512);
        while (m.find()) {
            String value = html.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template " + name + " has no value for {{" + m.group(1) + "}}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
