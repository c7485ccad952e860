package ai.pagent.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.asm.ClassReader;
import org.springframework.asm.ClassVisitor;
import org.springframework.asm.Handle;
import org.springframework.asm.MethodVisitor;
import org.springframework.asm.Opcodes;
import org.springframework.asm.Type;
import org.springframework.core.SpringVersion;

/**
 * pagent-spring is compiled once, against Spring Framework 7. Its sources also compile against 6.2
 * (this module's build checks that), but a call can compile on both and still link differently:
 * {@code HttpHeaders.getOrEmpty} takes a {@code String} on 7 and an {@code Object} on 6.2, so the
 * jar's call fails on 6.2 with {@code NoSuchMethodError}. This reads every call, field access and
 * method reference of the shipped pagent-spring classes into Spring, and finds each one on the
 * Spring Framework 6.2 that Spring Boot 3.5 users run.
 */
class LinksOnSpringFramework62Test {
    @Test
    void everySpringMemberThatPagentSpringUsesExistsOnSpringFramework62() throws Exception {
        assertThat(SpringVersion.getVersion()).startsWith("6.2.");
        List<String> references = new ArrayList<>();
        for (byte[] type : pagentSpringClasses()) {
            new ClassReader(type).accept(new References(references), ClassReader.SKIP_FRAMES);
        }
        assertThat(references).as("Spring members used by pagent-spring").hasSizeGreaterThan(50);

        TreeSet<String> missing = new TreeSet<>();
        for (String reference : references) {
            if (!resolves(reference)) {
                missing.add(reference);
            }
        }
        assertThat(missing)
                .as("members pagent-spring uses that Spring Framework 6.2 lacks")
                .isEmpty();
    }

    /** {@code kind owner name descriptor}, for members of Spring's own classes. */
    private static final class References extends ClassVisitor {
        private final List<String> into;

        References(List<String> into) {
            super(Opcodes.ASM9);
            this.into = into;
        }

        @Override
        public MethodVisitor visitMethod(
                int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public void visitMethodInsn(int opcode, String owner, String n, String d, boolean itf) {
                    add("method", owner, n, d);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String n, String d) {
                    add("field", owner, n, d);
                }

                @Override
                public void visitInvokeDynamicInsn(String n, String d, Handle bootstrap, Object... arguments) {
                    for (Object argument : arguments) {
                        if (argument instanceof Handle h) {
                            add(
                                    h.getTag() <= Opcodes.H_PUTSTATIC ? "field" : "method",
                                    h.getOwner(),
                                    h.getName(),
                                    h.getDesc());
                        }
                    }
                }
            };
        }

        private void add(String kind, String owner, String name, String descriptor) {
            if (owner.startsWith("org/springframework/")) {
                into.add(kind + " " + owner + " " + name + " " + descriptor);
            }
        }
    }

    private static boolean resolves(String reference) throws ClassNotFoundException {
        String[] parts = reference.split(" ");
        Class<?> owner =
                Class.forName(parts[1].replace('/', '.'), false, LinksOnSpringFramework62Test.class.getClassLoader());
        String name = parts[2];
        String descriptor = parts[3];
        Deque<Class<?>> types = new ArrayDeque<>();
        types.add(owner);
        while (!types.isEmpty()) {
            Class<?> type = types.poll();
            if (parts[0].equals("field")) {
                for (Field f : type.getDeclaredFields()) {
                    if (f.getName().equals(name)
                            && Type.getDescriptor(f.getType()).equals(descriptor)) {
                        return true;
                    }
                }
            } else if (name.equals("<init>")) {
                for (Constructor<?> c : type.getDeclaredConstructors()) {
                    if (Type.getConstructorDescriptor(c).equals(descriptor)) {
                        return true;
                    }
                }
                return false;
            } else {
                for (Method m : type.getDeclaredMethods()) {
                    if (m.getName().equals(name) && Type.getMethodDescriptor(m).equals(descriptor)) {
                        return true;
                    }
                }
            }
            if (type.getSuperclass() != null) {
                types.add(type.getSuperclass());
            }
            types.addAll(List.of(type.getInterfaces()));
            if (type.isInterface()) {
                types.add(Object.class); // an interface type's calls to Object's methods
            }
        }
        return false;
    }

    /** The class files of pagent-spring as this module's users get them: its jar (or its build output). */
    private static List<byte[]> pagentSpringClasses() throws IOException, URISyntaxException {
        Path location = Path.of(ConversionTracker.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        List<byte[]> classes = new ArrayList<>();
        if (Files.isDirectory(location)) {
            try (Stream<Path> files = Files.walk(location)) {
                files.filter(f -> f.toString().endsWith(".class")).forEach(f -> {
                    try {
                        classes.add(Files.readAllBytes(f));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : java.util.Collections.list(jar.entries())) {
                    if (entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            classes.add(in.readAllBytes());
                        }
                    }
                }
            }
        }
        assertThat(classes).as("pagent-spring classes at " + location).isNotEmpty();
        return classes;
    }
}
