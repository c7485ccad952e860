package ai.pagent.internal;

import java.util.Arrays;

/**
 * JSON text being written: characters in a buffer, their UTF-8 size counted as they go, and a
 * budget of bytes past which the writer only notes that it is over. Strings are escaped as Jackson
 * escapes them (quotes, backslash, control characters; {@code \b\t\n\f\r} short, others as
 * upper-case {@code \}{@code u00XX}); numbers print as their {@code toString()} does.
 */
final class JsonText {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    /** For each ASCII character: 0 written as is, else the letter of its short escape, or 'u'. */
    private static final char[] ESCAPES = new char[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ESCAPES[c] = 'u';
        }
        ESCAPES['\b'] = 'b';
        ESCAPES['\t'] = 't';
        ESCAPES['\n'] = 'n';
        ESCAPES['\f'] = 'f';
        ESCAPES['\r'] = 'r';
        ESCAPES['"'] = '"';
        ESCAPES['\\'] = '\\';
    }

    /** A buffer grown past this many characters is not kept for the next text (see {@link #reset}). */
    static final int KEPT_CAPACITY = 2048;

    private static final int INITIAL_CAPACITY = 128;

    /** Longest string {@link #writeString} tries to copy whole before looking at its characters. */
    private static final int PLAIN_COPY_MAX = 64;

    private int budget;
    private char[] out;
    private int length; // chars in out
    private int bytes; // UTF-8 bytes of out[0, length)
    private boolean overBudget;

    JsonText(int budget) {
        this(budget, INITIAL_CAPACITY);
    }

    /** A text whose buffer starts at {@code capacity} characters (a builder's: the size of a few entries). */
    JsonText(int budget, int capacity) {
        this.budget = Math.max(0, budget);
        this.out = new char[capacity];
    }

    /**
     * Empties the text to write another one within {@code budget}, keeping the buffer unless an
     * earlier text grew it past {@value #KEPT_CAPACITY} characters (so that a thread keeps at most
     * a small buffer between texts, not one of a rare 32 KiB event).
     */
    void reset(int budget) {
        this.budget = Math.max(0, budget);
        length = 0;
        bytes = 0;
        overBudget = false;
        if (out.length > KEPT_CAPACITY) {
            out = new char[INITIAL_CAPACITY];
        }
    }

    /** Characters the buffer holds now (for tests of what a reused text keeps). */
    int capacity() {
        return out.length;
    }

    /** The text written so far. */
    String text() {
        return new String(out, 0, length);
    }

    /**
     * The text written so far followed by {@code last}, which is not kept: a builder's object text
     * read with its closing brace while more entries may still follow.
     */
    String textWith(char last) {
        ensure(1);
        out[length] = last;
        return new String(out, 0, length + 1);
    }

    /** UTF-8 bytes of the text; more than the budget once over it. */
    int bytes() {
        return bytes;
    }

    /** Whether the text has grown past the budget. */
    boolean overBudget() {
        return overBudget;
    }

    /**
     * Writes a double that is the nearest one to a whole number of hundredths (a price: 9.99, 10.0)
     * as {@link Double#toString} does, without its cost; {@code false} for any other double.
     */
    boolean writeCents(double d) {
        if (!(d > -1e7 && d < 1e7) || (d > -1e-3 && d < 1e-3 && d != 0)) {
            return false; // Double.toString uses the E notation out there
        }
        long cents = Math.round(d * 100);
        if ((double) cents / 100 != d || (cents == 0 && 1 / d < 0)) {
            return false; // not a whole number of hundredths, or -0.0
        }
        if (cents < 0) {
            write('-');
            cents = -cents;
        }
        writeLong(cents / 100);
        long fraction = cents % 100;
        ensure(3);
        out[length++] = '.';
        out[length++] = (char) ('0' + fraction / 10);
        bytes += 2;
        if (fraction % 10 != 0) {
            out[length++] = (char) ('0' + fraction % 10);
            bytes++;
        }
        checkBudget();
        return true;
    }

    /** Writes a finite double as {@link Double#toString} prints it. */
    void writeFiniteDouble(double d) {
        if (!writeCents(d)) {
            writeAscii(Double.toString(d));
        }
    }

    /**
     * Writes {@code s} as a quoted JSON string.
     *
     * @return -1, or the index of the first lone surrogate (which is written as {@code ?})
     */
    int writeString(String s) {
        int n = s.length();
        // Short plain text (keys, codes, names): copied at once and scanned, without the per-character
        // checks of the general loop. Anything that needs an escape or is not ASCII takes that loop.
        if (n <= PLAIN_COPY_MAX && (long) bytes + n + 2 <= budget && writePlain(s, n)) {
            return -1;
        }
        int loneSurrogate = -1;
        // Room for the whole string, or for as much of it as fits the budget (each character takes
        // at least one byte): a huge string is not copied past the budget.
        ensure((int) Math.min(n, Math.max(0L, (long) budget - bytes + 1)) + 2);
        out[length++] = '"';
        bytes++;
        for (int i = 0; i < n; i++) {
            if (bytes > budget) {
                break;
            }
            if (length + 6 > out.length) {
                ensure(6);
            }
            char c = s.charAt(i);
            if (c < 0x80) {
                char escape = ESCAPES[c];
                if (escape == 0) {
                    out[length++] = c;
                    bytes++;
                    continue;
                }
                out[length++] = '\\';
                if (escape == 'u') {
                    out[length++] = 'u';
                    out[length++] = '0';
                    out[length++] = '0';
                    out[length++] = HEX[c >> 4];
                    out[length++] = HEX[c & 0xF];
                    bytes += 6;
                } else {
                    out[length++] = escape;
                    bytes += 2;
                }
                continue;
            }
            if (c < 0x800) {
                bytes += 2;
            } else if (!Character.isSurrogate(c)) {
                bytes += 3;
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                out[length++] = c;
                c = s.charAt(++i);
                bytes += 4;
            } else {
                if (loneSurrogate < 0) {
                    loneSurrogate = i;
                }
                c = '?';
                bytes++;
            }
            out[length++] = c;
        }
        ensure(1);
        out[length++] = '"';
        bytes++;
        checkBudget();
        return loneSurrogate;
    }

    /**
     * Writes {@code ,"key":} (without the comma when {@code comma} is false) in one step when the
     * key is short ASCII without a character to escape and fits the budget; else writes nothing
     * and returns {@code false}, for the caller to write the parts one by one.
     */
    boolean writePlainKey(String key, boolean comma) {
        int n = key.length();
        if (n > PLAIN_COPY_MAX || (long) bytes + n + 4 > budget) {
            return false;
        }
        ensure(n + 4);
        char[] o = out;
        int p = length;
        if (comma) {
            o[p++] = ',';
        }
        o[p] = '"';
        int start = p + 1;
        int end = start + n;
        key.getChars(0, n, o, start);
        for (int i = start; i < end; i++) {
            char c = o[i];
            if (c >= 0x80 || ESCAPES[c] != 0) {
                return false;
            }
        }
        o[end] = '"';
        o[end + 1] = ':';
        bytes += end + 2 - length;
        length = end + 2;
        return true;
    }

    /** Writes {@code s} quoted when it is ASCII without a character to escape; else writes nothing. */
    private boolean writePlain(String s, int n) {
        ensure(n + 2);
        char[] o = out;
        int start = length + 1;
        s.getChars(0, n, o, start);
        int end = start + n;
        for (int i = start; i < end; i++) {
            char c = o[i];
            if (c >= 0x80 || ESCAPES[c] != 0) {
                return false;
            }
        }
        o[start - 1] = '"';
        o[end] = '"';
        length = end + 1;
        bytes += n + 2;
        return true;
    }

    void writeLong(long v) {
        if (v == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        int start = length;
        int digits = JsonSize.digits(v < 0 ? -v : v);
        ensure(digits + 1); // exactly: a small buffer (a builder's) must not grow for a number's sake
        if (v < 0) {
            out[length++] = '-';
            v = -v;
        }
        int end = length + digits;
        for (int i = end - 1; i >= length; i--) {
            out[i] = (char) ('0' + (v % 10));
            v /= 10;
        }
        length = end;
        bytes += end - start;
        checkBudget();
    }

    void writeAscii(String s) {
        int n = s.length();
        ensure(n);
        s.getChars(0, n, out, length);
        length += n;
        bytes += n;
        checkBudget();
    }

    void write(char c) {
        ensure(1);
        out[length++] = c;
        bytes++;
        checkBudget();
    }

    private void checkBudget() {
        if (bytes > budget) {
            overBudget = true;
        }
    }

    private void ensure(int more) {
        if (length + more > out.length) {
            // At most a few times the budget: the walk stops once the text is over it.
            out = Arrays.copyOf(out, Math.max(out.length * 2, length + more));
        }
    }
}
