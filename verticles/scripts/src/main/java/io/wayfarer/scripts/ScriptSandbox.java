package io.wayfarer.scripts;

import com.sun.management.ThreadMXBean;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.wayfarer.shared.scripts.ScriptsContract;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.ResourceLimits;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.io.IOAccess;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One world script in a GraalJS context of its own, able to touch nothing but the {@code world}
 * object the prelude gives it: no Java classes, files, network, threads, processes, environment or
 * clock ({@code Date} is gone, {@code Math.random} is the script's seeded random). What a handler
 * asks for (a notice, an event) is collected as actions for the verticle to carry out; a handler
 * never waits on anything.
 *
 * <p>Each call has limits: statements (GraalJS's own count, reset before each call), CPU time and
 * bytes allocated (both watched from another thread, which cancels the context). A script that
 * breaks one, or throws, raises a {@link Fault} naming its file and line; a cancelled context is
 * gone, so the verticle loads the script again before its next call.
 *
 * <p>Not thread-safe: one call at a time (the verticle runs them in order on one worker). Public
 * for the scripts' benchmark only; the world reaches scripts through {@link ScriptsVerticle}.
 */
public final class ScriptSandbox implements AutoCloseable {
  /** The limits on each call into a script. */
  public record Limits(long statementsPerCall, long millisPerCall, long bytesPerCall) {}

  /** What broke, where ({@code file:line}), and why. */
  public static final class Fault extends Exception {
    final String kind;
    final String where;

    Fault(String kind, String where, String message) {
      super(message);
      this.kind = kind;
      this.where = where;
    }

    JsonObject toJson() {
      return new JsonObject().put("kind", kind).put("where", where).put("message", getMessage());
    }
  }

  private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

  /**
   * Loading (the context, the prelude and the script's top level) may take this many times a call's
   * CPU and bytes: the first context of a process sets GraalJS itself up.
   */
  private static final int LOAD_FACTOR = 10;

  /**
   * Runs before the script, in its context: builds {@code world} over the host's few functions
   * (which stay out of the script's reach, in this closure) and removes what a script must not
   * have.
   */
  private static final String PRELUDE =
      """
      (function (host, kinds) {
        const handlers = {};
        const text = (v) => String(v);
        const world = Object.freeze({
          on(kind, handler) {
            if (!kinds.includes(kind)) throw new TypeError('world.on: no such kind ' + kind + ' (' + kinds.join(', ') + ')');
            if (typeof handler !== 'function') throw new TypeError('world.on: the handler must be a function');
            (handlers[kind] = handlers[kind] || []).push(handler);
          },
          time() { return JSON.parse(host.time()); },
          random() { return host.random(); },
          noticeTown(town, message) { host.act('noticeTown', JSON.stringify({ town: text(town), text: text(message) })); },
          noticePlayer(playerId, message) { host.act('noticePlayer', JSON.stringify({ playerId: Number(playerId), text: text(message) })); },
          raiseEvent(type, town, hours, message) {
            host.act('raiseEvent', JSON.stringify({ type: text(type), town: text(town), hours: Number(hours), text: message === undefined ? null : text(message) }));
          },
          log(message) { host.act('log', JSON.stringify({ text: text(message) })); },
          reward(quest, playerId, gift, message) {
            const g = gift || {};
            host.act('reward', JSON.stringify({ quest: text(quest), playerId: Number(playerId),
              coin: g.coin === undefined ? 0 : (typeof g.coin === 'number' ? g.coin : text(g.coin)),
              xp: Number(g.xp || 0), text: text(message === undefined ? 'A gift for your help.' : message) }));
          },
          startQuest(quest, playerId) { host.act('startQuest', JSON.stringify({ quest: text(quest), playerId: Number(playerId) })); },
          advanceQuest(quest, playerId) { host.act('advanceQuest', JSON.stringify({ quest: text(quest), playerId: Number(playerId) })); },
          failQuest(quest, playerId, why) {
            host.act('failQuest', JSON.stringify({ quest: text(quest), playerId: playerId == null ? null : (Number.isFinite(Number(playerId)) ? Number(playerId) : String(playerId)),
              text: why === undefined ? null : text(why) }));
          },
        });
        Object.defineProperty(globalThis, 'world', { value: world, writable: false, configurable: false });
        Math.random = () => host.random();
        for (const name of ['Date', 'Java', 'Polyglot', 'Graal', 'print', 'printErr', 'console', 'load',
            'loadWithNewGlobal', 'quit', 'exit', 'read', 'readbuffer', 'readline', 'performance',
            'SharedArrayBuffer', 'Atomics', 'WebAssembly']) {
          delete globalThis[name];
        }
        return {
          dispatch(kind, json) { for (const h of handlers[kind] || []) h(JSON.parse(json)); },
          listensTo() { return JSON.stringify(Object.keys(handlers)); },
        };
      })
      """;

  private final Engine engine;
  private final String file;
  private final String source;
  private final Limits limits;
  private final ScheduledExecutorService watchdog;
  private final SplittableRandom random;
  private final Supplier<JsonObject> time;

  private Context context;
  private Value dispatch;
  private List<String> listensTo = List.of();
  private final List<JsonObject> actions = new ArrayList<>();

  /**
   * Loads {@code source} (named {@code file} in faults): runs the prelude and the script's top
   * level, under the same limits as a call.
   */
  public ScriptSandbox(
      Engine engine,
      String file,
      String source,
      long seed,
      Limits limits,
      ScheduledExecutorService watchdog,
      Supplier<JsonObject> time)
      throws Fault {
    this.engine = engine;
    this.file = file;
    this.source = source;
    this.limits = limits;
    this.watchdog = watchdog;
    this.random = new SplittableRandom(seed ^ file.hashCode());
    this.time = time;
    load();
  }

  private void load() throws Fault {
    context =
        Context.newBuilder("js")
            .engine(engine)
            .allowHostAccess(HostAccess.NONE)
            .allowHostClassLookup(name -> false)
            .allowHostClassLoading(false)
            .allowIO(IOAccess.NONE)
            .allowCreateThread(false)
            .allowCreateProcess(false)
            .allowNativeAccess(false)
            .allowEnvironmentAccess(EnvironmentAccess.NONE)
            .allowPolyglotAccess(PolyglotAccess.NONE)
            .resourceLimits(
                ResourceLimits.newBuilder()
                    .statementLimit(limits.statementsPerCall(), null)
                    .build())
            .build();
    Map<String, Object> functions = new HashMap<>();
    functions.put("time", (ProxyExecutable) args -> time.get().encode());
    functions.put("random", (ProxyExecutable) args -> random.nextDouble());
    functions.put(
        "act",
        (ProxyExecutable)
            args -> {
              actions.add(new JsonObject(args[1].asString()).put("action", args[0].asString()));
              return null;
            });
    ProxyObject host = ProxyObject.fromMap(functions);
    Value api =
        guarded(
            LOAD_FACTOR,
            () ->
                context
                    .eval(Source.newBuilder("js", PRELUDE, "prelude.js").buildLiteral())
                    .execute(host, ProxyArray.fromList(new ArrayList<>(ScriptsContract.KINDS))));
    guarded(LOAD_FACTOR, () -> context.eval(Source.newBuilder("js", source, file).buildLiteral()));
    actions.clear();
    dispatch = api.getMember("dispatch");
    listensTo =
        new JsonArray(api.getMember("listensTo").execute().asString())
            .stream().map(String::valueOf).toList();
  }

  /** The kinds the script registered handlers for when it loaded. */
  public List<String> listensTo() {
    return listensTo;
  }

  /**
   * Calls the script's handlers for {@code kind} with {@code body}; returns the actions they asked
   * for, in order. After a fault the script is loaded again (its context may be gone).
   */
  public List<JsonObject> call(String kind, JsonObject body) throws Fault {
    if (context == null) {
      load();
    }
    actions.clear();
    try {
      context.resetLimits();
      guarded(1, () -> dispatch.execute(kind, body.encode()));
      return List.copyOf(actions);
    } finally {
      actions.clear();
    }
  }

  private interface Work {
    Value run();
  }

  /**
   * Runs {@code work} under the watch of CPU time (not wall time: a busy machine that gives the
   * script no CPU is not the script's fault) and bytes allocated, each up to {@code factor} times a
   * call's limits; a broken limit or a throw is a fault.
   */
  private Value guarded(int factor, Work work) throws Fault {
    long thread = Thread.currentThread().getId();
    long startBytes = THREADS.getThreadAllocatedBytes(thread);
    long startCpu = THREADS.getThreadCpuTime(thread);
    long cpuNanos = limits.millisPerCall() * 1_000_000L * factor;
    long bytes = limits.bytesPerCall() * factor;
    AtomicReference<String> cancelled = new AtomicReference<>();
    Context watched = context;
    ScheduledFuture<?> watch =
        watchdog.scheduleAtFixedRate(
            () -> {
              String broken =
                  THREADS.getThreadCpuTime(thread) - startCpu > cpuNanos
                      ? "time"
                      : THREADS.getThreadAllocatedBytes(thread) - startBytes > bytes
                          ? "memory"
                          : null;
              if (broken != null && cancelled.compareAndSet(null, broken)) {
                watched.close(true);
              }
            },
            5,
            5,
            TimeUnit.MILLISECONDS);
    try {
      return work.run();
    } catch (PolyglotException e) {
      String kind = cancelled.get();
      String message;
      if (e.isResourceExhausted() || (e.isCancelled() && kind == null)) {
        kind = "statements";
        message = "more than " + limits.statementsPerCall() + " statements in one call";
      } else if ("time".equals(kind)) {
        message = "used more than " + cpuNanos / 1_000_000 + " ms of CPU in one call";
      } else if ("memory".equals(kind)) {
        message = "allocated more than " + bytes / (1024 * 1024) + " MB in one call";
      } else {
        kind = e.isSyntaxError() ? "syntax" : "error";
        message = e.getMessage();
      }
      Fault fault = new Fault(kind, where(e), message);
      // Cancelled, it is closed already; thrown, its state is whatever the throw left: either way
      // the next call starts from the file again.
      watched.close(true);
      context = null;
      throw fault;
    } finally {
      watch.cancel(false);
    }
  }

  /** {@code file:line} of the script's frame nearest the fault, or the file alone. */
  private String where(PolyglotException e) {
    SourceSection at = e.getSourceLocation();
    if (at != null && file.equals(at.getSource().getName())) {
      return file + ":" + at.getStartLine();
    }
    for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
      SourceSection s = frame.getSourceLocation();
      if (s != null && file.equals(s.getSource().getName())) {
        return file + ":" + s.getStartLine();
      }
    }
    return file;
  }

  @Override
  public void close() {
    if (context != null) {
      context.close(true);
      context = null;
    }
  }
}
