package dev.hostgap.platform.traces;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Kineto's microsecond timestamps as exact nanoseconds. Epoch timestamps such as
 * {@code 1712195495505582.988} need 19 significant digits, more than a double holds, so the number's
 * text is converted digit by digit (rounded half up at the nanosecond) rather than through a double.
 */
final class Micros {

    /** Ten thousand years of nanoseconds would not fit a long with room for ts + dur; 4e18 ns does. */
    static final long MAX_NANOS = 4_000_000_000_000_000_000L;

    private Micros() {
    }

    /** Nanoseconds of {@code text} microseconds, or {@link Long#MIN_VALUE} when it is not a finite number in range. */
    static long toNanos(String text) {
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && text.charAt(0) == '-') {
            negative = true;
            i = 1;
        }
        long whole = 0;
        int digits = 0;
        for (; i < length && Character.isDigit(text.charAt(i)); i++) {
            if (++digits > 16) {
                return viaBigDecimal(text);
            }
            whole = whole * 10 + (text.charAt(i) - '0');
        }
        long fraction = 0;
        int fractionDigits = 0;
        int roundDigit = 0;
        if (i < length && text.charAt(i) == '.') {
            for (i++; i < length && Character.isDigit(text.charAt(i)); i++) {
                if (fractionDigits < 3) {
                    fraction = fraction * 10 + (text.charAt(i) - '0');
                    fractionDigits++;
                } else if (fractionDigits == 3) {
                    roundDigit = text.charAt(i) - '0';
                    fractionDigits++;
                }
            }
        }
        if (i != length || digits == 0) {
            return viaBigDecimal(text);
        }
        for (int pad = Math.min(fractionDigits, 3); pad < 3; pad++) {
            fraction *= 10;
        }
        long nanos = whole * 1000 + fraction + (roundDigit >= 5 ? 1 : 0);
        return negative ? -nanos : nanos;
    }

    /** Exponents past this are refused before any arithmetic: {@code 1e-10000000} would build a 10-million-digit power. */
    private static final int MAX_EXPONENT = 40;

    private static long viaBigDecimal(String text) {
        int exponentAt = Math.max(text.indexOf('e'), text.indexOf('E'));
        if (exponentAt >= 0) {
            String exponent = text.substring(exponentAt + 1);
            int digits = exponent.startsWith("-") || exponent.startsWith("+") ? exponent.length() - 1 : exponent.length();
            if (digits <= 0 || digits > 3 || Math.abs(Integer.parseInt(exponent.replace("+", ""))) > MAX_EXPONENT) {
                return Long.MIN_VALUE;
            }
        }
        try {
            BigDecimal nanos = new BigDecimal(text).movePointRight(3).setScale(0, RoundingMode.HALF_UP);
            if (nanos.abs().compareTo(BigDecimal.valueOf(MAX_NANOS)) > 0) {
                return Long.MIN_VALUE;
            }
            return nanos.longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            return Long.MIN_VALUE;
        }
    }
}
