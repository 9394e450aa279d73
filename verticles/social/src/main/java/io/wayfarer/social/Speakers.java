package io.wayfarer.social;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-account limits on speaking, kept in the verticle's memory (confined to its event loop): a
 * token bucket for town lines and another for whispers, and the last line said, so the same words a
 * third time in a row are refused. A refusal says why and when to try again.
 */
final class Speakers {
  /** The same words may come back after this long. */
  static final long REPEAT_NANOS = 30_000_000_000L;

  /** A refusal: why, in words, and the seconds to wait. */
  record Wait(String why, long seconds) {}

  private final int chatBurst;
  private final double chatPerSecond;
  private final int whisperBurst;
  private final double whisperPerSecond;
  private final Map<Long, Speaker> byAccount = new HashMap<>();

  private static final class Speaker {
    TokenBucket chat;
    TokenBucket whisper;
    String last;
    int repeats;
    long lastNanos;
  }

  Speakers(int chatBurst, double chatPerSecond, int whisperBurst, double whisperPerSecond) {
    this.chatBurst = chatBurst;
    this.chatPerSecond = chatPerSecond;
    this.whisperBurst = whisperBurst;
    this.whisperPerSecond = whisperPerSecond;
  }

  /** Null when {@code account} may say {@code text} now (and it is counted), else why not. */
  Wait say(long account, String text, long nowNanos) {
    Speaker s = speaker(account, nowNanos);
    Wait repeated = repeated(s, text, nowNanos);
    if (repeated != null) {
      return repeated;
    }
    if (s.chat == null) {
      s.chat = new TokenBucket(chatBurst, chatPerSecond, nowNanos);
    }
    long wait = s.chat.take(nowNanos);
    if (wait > 0) {
      return new Wait("you are speaking too fast", seconds(wait));
    }
    remember(s, text, nowNanos);
    return null;
  }

  /** Null when {@code account} may whisper now (and it is counted), else why not. */
  Wait whisper(long account, String text, long nowNanos) {
    Speaker s = speaker(account, nowNanos);
    Wait repeated = repeated(s, text, nowNanos);
    if (repeated != null) {
      return repeated;
    }
    if (s.whisper == null) {
      s.whisper = new TokenBucket(whisperBurst, whisperPerSecond, nowNanos);
    }
    long wait = s.whisper.take(nowNanos);
    if (wait > 0) {
      return new Wait("you are whispering too fast", seconds(wait));
    }
    remember(s, text, nowNanos);
    return null;
  }

  /** Forgets accounts whose buckets are full and whose last line is old: they lose nothing. */
  void forgetIdle(long nowNanos) {
    byAccount
        .values()
        .removeIf(
            s ->
                (s.chat == null || s.chat.fullAt(nowNanos))
                    && (s.whisper == null || s.whisper.fullAt(nowNanos))
                    && nowNanos - s.lastNanos > REPEAT_NANOS);
  }

  int size() {
    return byAccount.size();
  }

  private Speaker speaker(long account, long nowNanos) {
    return byAccount.computeIfAbsent(
        account,
        a -> {
          Speaker s = new Speaker();
          s.lastNanos = nowNanos;
          return s;
        });
  }

  private static Wait repeated(Speaker s, String text, long nowNanos) {
    if (s.repeats >= 2
        && ChatText.sameness(text).equals(s.last)
        && nowNanos - s.lastNanos < REPEAT_NANOS) {
      return new Wait(
          "you said that twice already; say something else",
          seconds(REPEAT_NANOS - (nowNanos - s.lastNanos)));
    }
    return null;
  }

  private static void remember(Speaker s, String text, long nowNanos) {
    String same = ChatText.sameness(text);
    s.repeats = same.equals(s.last) ? s.repeats + 1 : 1;
    s.last = same;
    s.lastNanos = nowNanos;
  }

  private static long seconds(long nanos) {
    return Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
  }
}
