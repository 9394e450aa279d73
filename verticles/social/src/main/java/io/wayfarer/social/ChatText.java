package io.wayfarer.social;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a line becomes before anyone hears it: control characters removed, spaces trimmed, an emote
 * ({@code /me waves}) recognised, and the configured words masked ({@code ****}) rather than the
 * line dropped. Text stays text: the page shows it with {@code textContent}, never as HTML.
 */
final class ChatText {
  /** Control and format characters (line breaks, bidi overrides, zero-width joiners…). */
  private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}]");

  private static final Pattern EMOTE = Pattern.compile("^/me\\s+(.+)$", Pattern.DOTALL);

  private final Pattern masked;

  ChatText(List<String> maskedWords) {
    masked =
        maskedWords.isEmpty()
            ? null
            : Pattern.compile(
                "\\b(?:"
                    + String.join(
                        "|", maskedWords.stream().map(w -> Pattern.quote(w.strip())).toList())
                    + ")\\b",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
  }

  /** A line as said: its text (possibly empty once cleaned) and whether it is an emote. */
  record Said(String text, boolean emote) {}

  Said said(String typed) {
    String clean = CONTROL.matcher(typed).replaceAll("").strip();
    Matcher m = EMOTE.matcher(clean);
    boolean emote = m.matches();
    return new Said(mask(emote ? m.group(1).strip() : clean), emote);
  }

  String clean(String typed) {
    return mask(CONTROL.matcher(typed).replaceAll("").strip());
  }

  private String mask(String text) {
    return masked == null ? text : masked.matcher(text).replaceAll(r -> "*".repeat(4));
  }

  /** How two lines compare when counting repeats: case and spacing aside. */
  static String sameness(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
  }
}
