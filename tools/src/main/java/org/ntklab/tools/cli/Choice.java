package org.ntklab.tools.cli;

import java.util.List;
import java.util.Locale;
import org.ntklab.tools.UserError;

/** A string option that must be one of a few words (case-insensitive). */
final class Choice {

    private Choice() {
    }

    /**
     * The value in lower case, or a one-line user error "FLAG must be a, b or c, got 'x'".
     */
    static String of(String value, String flag, String... allowed) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (!List.of(allowed).contains(v)) {
            String words = allowed.length == 1 ? allowed[0]
                    : String.join(", ", List.of(allowed).subList(0, allowed.length - 1)) + " or " + allowed[allowed.length - 1];
            throw new UserError(flag + " must be " + words + ", got '" + value + "'");
        }
        return v;
    }
}
